package io.visutility.client;

/**
 * Counters of a {@link TelemetrySender} since it started, each read once (so a snapshot taken while
 * events flow may be off by the events in motion). Once the sender is idle,
 * {@code enqueued == sent + failed + abandoned}; every call that returned false is in {@code dropped}.
 *
 * @param enqueued events taken into the queue by a telemetry call
 * @param dropped events refused by a call because the queue was full (or the sender closed)
 * @param sent events in batches the server answered 202 to
 * @param accepted of those, events the server accepted (its {@code accepted} count)
 * @param rejected of those, events the server refused one by one (its {@code rejected} count; the
 *        first reason per code is logged)
 * @param failedBatches batches the server refused as a whole with a 4xx other than 429 (not retried)
 * @param failed events in those batches
 * @param retries attempts that failed and were retried (connection error, timeout, 5xx, 429)
 * @param abandoned events still queued or being retried when {@code close()} ran out of time
 */
public record TelemetryStats(long enqueued, long dropped, long sent, long accepted, long rejected, long failedBatches,
        long failed, long retries, long abandoned) {

    /** Events taken but not yet sent, failed or abandoned. */
    public long pending() {
        return enqueued - sent - failed - abandoned;
    }
}
