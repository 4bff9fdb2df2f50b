package io.visutility.client;

import java.time.Duration;

/**
 * The tuning of a {@link TelemetrySender}, set through {@link VisutilityClient.Builder}.
 *
 * @param queueCapacity events the queue holds before calls drop them
 * @param batchSize most events per request
 * @param linger longest an event waits for its batch to fill
 * @param initialBackoff delay before the first retry of a failed batch
 * @param maxBackoff longest delay between retries
 * @param closeTimeout how long {@code close()} waits for queued events to be sent
 */
record TelemetryOptions(int queueCapacity, int batchSize, Duration linger, Duration initialBackoff,
        Duration maxBackoff, Duration closeTimeout) {
    static final TelemetryOptions DEFAULTS = new TelemetryOptions(100_000, 1_000, Duration.ofMillis(200),
            Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(5));
}
