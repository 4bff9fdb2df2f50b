package io.visutility.monitor;

/** What {@link TelemetryBus#publish} did with one piece of telemetry. */
public enum Publication {
    /** Valid, and queued for every observer. */
    ACCEPTED,
    /** Invalid: refused and counted under its {@link Rejection.Code}; no observer sees it. */
    REJECTED,
    /** Valid, but at least one observer's queue was full, so that observer will not see it (counted). */
    DROPPED
}
