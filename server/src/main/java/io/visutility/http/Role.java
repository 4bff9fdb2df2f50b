package io.visutility.http;

import java.util.Locale;

/** What an API token may do. Each role includes the ones before it. */
public enum Role {
    /** Read anything: models, versions, jobs, detections, events, metrics. */
    READ,
    /** Also send telemetry, upload artifacts and register versions (CI and serving endpoints). */
    WRITE,
    /** Also move aliases, deprecate, approve/reject/rollback, set policies, run and cancel jobs, manage webhooks. */
    ADMIN;

    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the roles there are
     */
    public static Role parse(String text) {
        for (Role r : values()) {
            if (r.jsonName().equals(text)) {
                return r;
            }
        }
        throw new IllegalArgumentException("expected a role of read, write or admin but got '" + text + "'");
    }
}
