package io.visutility.client;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Delays between attempts to send a batch: exponential from {@code initial}, doubling per failed
 * attempt up to {@code max}, with "equal jitter" (a uniformly random delay in [d/2, d]) so that many
 * senders that failed together do not retry together, while a delay never shrinks to nothing.
 */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private final RandomGenerator random;

    Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The delay before retry number {@code attempt} (0 for the first retry). */
    long delayNanos(int attempt) {
        long d = initialNanos << Math.min(attempt, 40);
        if (d <= 0 || d > maxNanos) {
            d = maxNanos;
        }
        long half = d / 2;
        return half + random.nextLong(d - half + 1);
    }
}
