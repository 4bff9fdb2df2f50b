package io.visutility.bus;

import io.visutility.event.Event;
import io.visutility.event.JournaledEvent;
import io.visutility.event.ModelVersionRegistered;
import io.visutility.journal.CompactedException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A journal stand-in for testing the bus on its own: events appended here are "durable"; the test
 * then publishes them, as the store's writer would. Positions before {@link #compactUpTo} are gone,
 * as after compaction.
 */
final class InMemoryEventSource implements EventSource {
    private final List<JournaledEvent> events = new CopyOnWriteArrayList<>();
    private volatile long compactedUpTo;

    static Event registered(long n) {
        return new ModelVersionRegistered("m", "1.0." + n, new UUID(0, n), "ab".repeat(32), n, null, null, null,
                null, Instant.EPOCH);
    }

    synchronized JournaledEvent append(Event event) {
        JournaledEvent e = new JournaledEvent(events.size() + 1, event);
        events.add(e);
        return e;
    }

    /** Appends {@code count} events and publishes each on {@code bus}, the way the writer does. */
    void appendAndPublish(EventBus bus, int count) {
        for (int i = 0; i < count; i++) {
            bus.publish(append(registered(events.size() + 1)));
        }
    }

    void compactUpTo(long position) {
        compactedUpTo = position;
    }

    @Override
    public long committedPosition() {
        return events.size();
    }

    @Override
    public void replay(long from, long to, Consumer<JournaledEvent> sink) {
        if (from <= compactedUpTo) {
            throw new CompactedException(from, compactedUpTo + 1);
        }
        for (JournaledEvent e : events) {
            if (e.position() >= from && e.position() <= to) {
                sink.accept(e);
            }
        }
    }
}
