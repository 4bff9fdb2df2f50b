package io.visutility.http;

import io.visutility.bus.EventBus;
import io.visutility.bus.Subscription;
import io.visutility.bus.SubscriptionOptions;
import io.visutility.event.JournaledEvent;
import io.visutility.journal.CompactedException;
import io.visutility.store.Store;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * What every live-event stream reads: one bus subscription formats each new event once, as its SSE
 * frame, into a ring of the latest ones ({@value #SIZE} by default); each stream copies the frames after its own
 * position and writes them in one go, so a hundred streams cost a hundred writes per batch of
 * events, not per event, and no thread hand-off per stream. A stream that is behind the ring (it
 * resumed from an old position, or was too slow) reads those events from the journal instead.
 */
final class EventFanout implements AutoCloseable {
    static final int SIZE = 1 << 16;

    /** One event ready to send. */
    record Frame(long position, String model, String type, byte[] sse) {}

    private final Store<?> store;
    private final AtomicReferenceArray<Frame> ring;
    private final int mask;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition published = lock.newCondition();
    private final Subscription subscription;
    private volatile long head;
    private volatile int waiting;
    private volatile boolean closed;

    EventFanout(EventBus bus, Store<?> store, String name) {
        this(bus, store, name, SIZE);
    }

    /** @param size frames kept, a power of two */
    EventFanout(EventBus bus, Store<?> store, String name, int size) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("expected a power of two but got " + size);
        }
        this.ring = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
        this.store = store;
        this.head = store.committedPosition();
        this.subscription = bus.subscribe(name, this::publish, SubscriptionOptions.after(head)
                .withQueueCapacity(size));
    }

    static Frame frame(JournaledEvent e) {
        String type = EventJson.typeName(e);
        byte[] prefix = ("id: " + e.position() + "\nevent: " + type + "\ndata: ").getBytes(StandardCharsets.UTF_8);
        byte[] json = EventJson.encode(e);
        byte[] sse = new byte[prefix.length + json.length + 2];
        System.arraycopy(prefix, 0, sse, 0, prefix.length);
        System.arraycopy(json, 0, sse, prefix.length, json.length);
        sse[sse.length - 2] = '\n';
        sse[sse.length - 1] = '\n';
        return new Frame(e.position(), e.event().model(), type, sse);
    }

    private void publish(JournaledEvent e) {
        ring.set((int) (e.position() & mask), frame(e));
        head = e.position();
        if (waiting > 0) {
            lock.lock();
            try {
                published.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** The position of the newest event in the ring (or of the last durable one at start). */
    long head() {
        return head;
    }

    /**
     * Passes the frames after {@code after}, up to the current head but at most {@code max} of them, to
     * {@code sink}, in order, from the ring or, for those no longer in it, from the journal; returns
     * the last position passed. Events compacted away are reported to {@code missed} (count, position
     * before them) and skipped.
     */
    long read(long after, int max, Consumer<Frame> sink, MissedSink missed) {
        long upTo = Math.min(head, after + max);
        long p = after;
        while (p < upTo) {
            Frame f = ring.get((int) ((p + 1) & mask));
            if (f != null && f.position() == p + 1) {
                sink.accept(f);
                p++;
                continue;
            }
            // not in the ring (older than it, or overwritten meanwhile): read the journal up to the ring
            long from = p + 1;
            long[] last = {p};
            try {
                store.replay(from, Math.min(upTo, from + mask), e -> {
                    sink.accept(frame(e));
                    last[0] = e.position();
                });
            } catch (CompactedException c) {
                missed.missed(c.firstAvailable() - from, p);
                last[0] = c.firstAvailable() - 1;
            }
            if (last[0] == p) {
                break; // nothing more durable yet
            }
            p = last[0];
        }
        return p;
    }

    /** Told of events that can no longer be sent. */
    interface MissedSink {
        void missed(long count, long after);
    }

    /** Waits until an event after {@code position} exists, the timeout passes or the fan-out closes. */
    void awaitAfter(long position, long timeoutNanos) throws InterruptedException {
        if (head > position || closed) {
            return;
        }
        lock.lock();
        try {
            waiting++;
            long left = timeoutNanos;
            while (head <= position && !closed && left > 0) {
                left = published.awaitNanos(left);
            }
        } finally {
            waiting--;
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        subscription.close();
        lock.lock();
        try {
            published.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
