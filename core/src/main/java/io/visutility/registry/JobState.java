package io.visutility.registry;

import java.util.Locale;

/**
 * Where a retrain job is: {@code queued → running → succeeded | failed | cancelled | interrupted}. A
 * failed or interrupted job with a retry scheduled goes back to running at its next attempt.
 */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, INTERRUPTED;

    /** The name in events and JSON: {@code queued}, {@code running}, … */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The state named {@code name}.
     *
     * @throws IllegalArgumentException naming the states when there is no such one
     */
    public static JobState of(String name) {
        for (JobState s : values()) {
            if (s.jsonName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("expected a job state (queued, running, succeeded, failed, cancelled, "
                + "interrupted) but got '" + name + "'");
    }
}
