package io.visutility.drift.online;

import io.visutility.drift.ChangeDetector;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A detector as the factory knows it: its name, its parameters and how to build it from them. */
record DetectorSpec(String name, List<ParameterSpec> parameters, Function<Settings, ChangeDetector> factory) {

    DetectorSpec {
        parameters = List.copyOf(parameters);
    }

    /** Checks every key and value in {@code raw}, fills in defaults and builds the detector. */
    ChangeDetector create(Map<String, String> raw) {
        Map<String, ParameterSpec> byName = new LinkedHashMap<>();
        for (ParameterSpec p : parameters) {
            byName.put(p.name(), p);
        }
        for (String key : raw.keySet()) {
            if (!byName.containsKey(key)) {
                throw new IllegalArgumentException("detector '" + name + "' has no parameter '" + key
                        + "'; expected one of " + String.join(", ", byName.keySet()));
            }
        }
        Map<String, Object> values = new HashMap<>();
        for (ParameterSpec p : parameters) {
            String text = raw.get(p.name());
            if (text == null && raw.containsKey(p.name())) {
                throw p.rejected(name, "null");
            }
            values.put(p.name(), text == null ? p.defaultValue() : p.parse(name, text));
        }
        return factory.apply(new Settings(name, values));
    }

    List<DetectorParameter> describe() {
        return parameters.stream().map(ParameterSpec::describe).toList();
    }
}
