package io.visutility.drift.online;

import java.util.Map;

/** The checked parameter values one detector is built from, every key present (defaults filled in). */
final class Settings {
    private final String detector;
    private final Map<String, Object> values;

    Settings(String detector, Map<String, Object> values) {
        this.detector = detector;
        this.values = Map.copyOf(values);
    }

    double real(String name) {
        return (Double) value(name);
    }

    int integer(String name) {
        return Math.toIntExact((Long) value(name));
    }

    long wide(String name) {
        return (Long) value(name);
    }

    boolean flag(String name) {
        return (Boolean) value(name);
    }

    String choice(String name) {
        return (String) value(name);
    }

    /**
     * A rule between two parameters is broken, e.g. a warning threshold above the drift threshold; the
     * message names the detector, both parameters and their values.
     */
    IllegalArgumentException conflict(String name, String rule, String other) {
        return new IllegalArgumentException("detector '" + detector + "': parameter '" + name + "' must be " + rule
                + " " + other + " (" + values.get(other) + "), but got " + values.get(name));
    }

    private Object value(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalStateException("detector '" + detector + "' declares no parameter '" + name + "'");
        }
        return value;
    }
}
