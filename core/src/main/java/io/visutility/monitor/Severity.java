package io.visutility.monitor;

/** How sure a detector is that a model got worse. */
public enum Severity {
    /** Something looks off (a warning zone, a latency or error-rate problem); no retraining by default. */
    WARNING,
    /** The model's inputs or quality changed; retraining may help. */
    DRIFT;

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
