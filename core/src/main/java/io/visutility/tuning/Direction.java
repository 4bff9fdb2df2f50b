package io.visutility.tuning;

import java.util.Locale;

/** Whether a study looks for the smallest or the largest objective value. */
public enum Direction {
    MINIMIZE,
    MAXIMIZE;

    /** Reads {@code minimize} or {@code maximize} (any case). */
    public static Direction parse(String text) {
        if (text != null) {
            switch (text.toLowerCase(Locale.ROOT)) {
                case "minimize" -> {
                    return MINIMIZE;
                }
                case "maximize" -> {
                    return MAXIMIZE;
                }
                default -> { }
            }
        }
        throw new IllegalArgumentException("expected direction 'minimize' or 'maximize' but got "
                + (text == null ? "null" : "'" + text + "'"));
    }

    /** The lower-case name, as {@link #parse} reads it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code value} turned into a loss: smaller is better whatever the direction. */
    double loss(double value) {
        return this == MINIMIZE ? value : -value;
    }
}
