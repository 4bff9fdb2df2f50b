package io.visutility.drift.online;

import java.util.List;
import java.util.Locale;

/**
 * One parameter a detector accepts on the command line or in a policy: its snake_case key, default,
 * accepted values and meaning. {@link #parse} turns the text a user wrote into a checked value.
 */
sealed interface ParameterSpec {

    String name();

    String description();

    /** The default, written the way a user would write it. */
    String defaultText();

    /** The accepted values in words, e.g. {@code a number in (0, 1)}. */
    String accepted();

    /** Parses and range-checks {@code raw}; throws {@link IllegalArgumentException} naming the detector. */
    Object parse(String detector, String raw);

    /** The default as the value {@link #parse} would have produced. */
    Object defaultValue();

    default DetectorParameter describe() {
        return new DetectorParameter(name(), defaultText(), accepted(), description());
    }

    default IllegalArgumentException rejected(String detector, String raw) {
        return new IllegalArgumentException("detector '" + detector + "': parameter '" + name() + "' must be "
                + accepted() + ", but got '" + raw + "'");
    }

    /** A finite real number in an interval whose ends may be open, closed or infinite. */
    record Real(String name, double defaultNumber, double lower, boolean lowerOpen, double upper,
            boolean upperOpen, String description) implements ParameterSpec {

        public Real {
            if (!contains(defaultNumber, lower, lowerOpen, upper, upperOpen)) {
                throw new IllegalStateException("default " + defaultNumber + " of '" + name + "' is out of range");
            }
        }

        /** The interval (lower, upper). */
        static Real open(String name, double defaultNumber, double lower, double upper, String description) {
            return new Real(name, defaultNumber, lower, true, upper, true, description);
        }

        /** The interval (lower, +inf). */
        static Real positive(String name, double defaultNumber, String description) {
            return new Real(name, defaultNumber, 0, true, Double.POSITIVE_INFINITY, true, description);
        }

        @Override
        public String defaultText() {
            return Double.toString(defaultNumber);
        }

        @Override
        public Object defaultValue() {
            return defaultNumber;
        }

        @Override
        public String accepted() {
            if (upper == Double.POSITIVE_INFINITY) {
                return "a number " + (lowerOpen ? "> " : ">= ") + plain(lower);
            }
            return "a number in " + (lowerOpen ? "(" : "[") + plain(lower) + ", " + plain(upper)
                    + (upperOpen ? ")" : "]");
        }

        @Override
        public Object parse(String detector, String raw) {
            double value;
            try {
                value = Double.parseDouble(raw.strip());
            } catch (NumberFormatException e) {
                throw rejected(detector, raw);
            }
            if (!contains(value, lower, lowerOpen, upper, upperOpen)) {
                throw rejected(detector, raw);
            }
            return value;
        }

        private static boolean contains(double v, double lower, boolean lowerOpen, double upper, boolean upperOpen) {
            return Double.isFinite(v) && (lowerOpen ? v > lower : v >= lower) && (upperOpen ? v < upper : v <= upper);
        }

        private static String plain(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }

    /** An integer in [lower, upper]. */
    record Whole(String name, long defaultNumber, long lower, long upper, String description)
            implements ParameterSpec {

        public Whole {
            if (defaultNumber < lower || defaultNumber > upper) {
                throw new IllegalStateException("default " + defaultNumber + " of '" + name + "' is out of range");
            }
        }

        /** An int-sized count of at least {@code lower}. */
        static Whole atLeast(String name, long defaultNumber, long lower, String description) {
            return new Whole(name, defaultNumber, lower, Integer.MAX_VALUE, description);
        }

        @Override
        public String defaultText() {
            return Long.toString(defaultNumber);
        }

        @Override
        public Object defaultValue() {
            return defaultNumber;
        }

        @Override
        public String accepted() {
            if (lower == Long.MIN_VALUE && upper == Long.MAX_VALUE) {
                return "a 64-bit integer";
            }
            return "an integer in [" + lower + ", " + upper + "]";
        }

        @Override
        public Object parse(String detector, String raw) {
            long value;
            try {
                value = Long.parseLong(raw.strip());
            } catch (NumberFormatException e) {
                throw rejected(detector, raw);
            }
            if (value < lower || value > upper) {
                throw rejected(detector, raw);
            }
            return value;
        }
    }

    /** {@code true} or {@code false}, in any letter case. */
    record Flag(String name, boolean defaultFlag, String description) implements ParameterSpec {

        @Override
        public String defaultText() {
            return Boolean.toString(defaultFlag);
        }

        @Override
        public Object defaultValue() {
            return defaultFlag;
        }

        @Override
        public String accepted() {
            return "true or false";
        }

        @Override
        public Object parse(String detector, String raw) {
            return switch (raw.strip().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw rejected(detector, raw);
            };
        }
    }

    /** One of a fixed set of lower-case words. */
    record Choice(String name, String defaultChoice, List<String> options, String description)
            implements ParameterSpec {

        public Choice {
            options = List.copyOf(options);
            if (!options.contains(defaultChoice)) {
                throw new IllegalStateException("default '" + defaultChoice + "' of '" + name + "' is not an option");
            }
        }

        @Override
        public String defaultText() {
            return defaultChoice;
        }

        @Override
        public Object defaultValue() {
            return defaultChoice;
        }

        @Override
        public String accepted() {
            return "one of " + String.join(", ", options);
        }

        @Override
        public Object parse(String detector, String raw) {
            String value = raw.strip().toLowerCase(Locale.ROOT);
            if (!options.contains(value)) {
                throw rejected(detector, raw);
            }
            return value;
        }
    }
}
