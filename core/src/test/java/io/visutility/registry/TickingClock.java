package io.visutility.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test clock that moves forward by a fixed step every time it is read, so that every timestamp
 * the registry takes is distinct and the same sequence of commands always produces the same times.
 */
public final class TickingClock extends Clock {
    private final AtomicReference<Instant> next;
    private final Duration step;

    public TickingClock(Instant start, Duration step) {
        this.next = new AtomicReference<>(start);
        this.step = step;
    }

    /** Starts at 2024-01-01T00:00:00Z and advances one millisecond per read. */
    public static TickingClock startingAt2024() {
        return new TickingClock(Instant.parse("2024-01-01T00:00:00Z"), Duration.ofMillis(1));
    }

    @Override
    public Instant instant() {
        return next.getAndUpdate(t -> t.plus(step));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock is always UTC");
    }
}
