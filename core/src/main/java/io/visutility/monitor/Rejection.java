package io.visutility.monitor;

/**
 * Why a piece of telemetry was refused: a stable code (for counting and for clients) and a message
 * that says what was expected and what was found.
 */
public record Rejection(Code code, String message) {

    /** Stable reasons, counted separately. */
    public enum Code {
        MISSING_FIELD, NON_FINITE, NEGATIVE_LATENCY, OUT_OF_RANGE, UNKNOWN_MODEL, TOO_LARGE;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static Rejection of(Code code, String message) {
        return new Rejection(code, message);
    }
}
