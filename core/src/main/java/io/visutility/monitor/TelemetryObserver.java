package io.visutility.monitor;

/**
 * Receives accepted telemetry on its own dispatch thread, in the order each publishing thread
 * published it. Never called concurrently with itself. What it throws is logged with its name and
 * the telemetry, counted, and otherwise ignored: the next event is delivered as usual.
 */
@FunctionalInterface
public interface TelemetryObserver {

    void onTelemetry(Telemetry telemetry);

    /** Called when the dispatch thread has drained its queue for now (a chance to flush). */
    default void onIdle() {}
}
