package io.visutility.client;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A bounded ring buffer for many producers and one consumer, lock-free on both sides.
 *
 * <p>Implementation notes: a producer claims slot {@code p} by a CAS on the producer index, after
 * checking that the consumer has released slot {@code p - capacity}, and then publishes the element
 * into the slot with a release store. The consumer reads slots in order with acquire loads; a null
 * slot below the producer index is one whose producer has claimed but not yet written it, so the
 * consumer stops there and comes back. It clears each slot it takes and then publishes its own
 * index with a release store, so a producer that sees the new index also sees the cleared slot. A
 * full ring refuses the element (the caller counts it); nothing ever blocks.
 *
 * <p>The same ring as the monitor's {@code io.visutility.monitor.MpscRing} in visutility-core, copied
 * because the client must not depend on core.
 */
final class EventRing<T> {
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle CONSUMED;

    static {
        try {
            CONSUMED = MethodHandles.lookup().findVarHandle(EventRing.class, "consumed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object[] slots;
    private final int mask;
    /** Elements held at most: the capacity asked for, at most {@code slots.length}. */
    private final int capacity;
    private final AtomicLong claimed = new AtomicLong();
    /**
     * Producers' cached bound: slots below it are known to be free, so {@code consumed} (a line the
     * consumer writes) is read only when a producer reaches it. Racy by design: a stale value is
     * only ever too low, which costs a re-read, never a wrong answer.
     */
    private volatile long producerLimit;
    /** Written only by the consumer (release), read by producers (acquire). */
    @SuppressWarnings("unused")
    private volatile long consumed;

    /** A ring holding at most {@code capacity} elements (in a power-of-two array at least that long). */
    EventRing(int capacity) {
        if (capacity < 2 || capacity > 1 << 28) {
            throw new IllegalArgumentException("expected a queue capacity within [2, 268435456] but got " + capacity);
        }
        int size = Integer.highestOneBit(capacity - 1) << 1;
        slots = new Object[size];
        mask = size - 1;
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    /** Adds {@code e}; false when the ring is full. Any thread. */
    boolean offer(T e) {
        long p;
        do {
            p = claimed.get();
            if (p >= producerLimit) {
                long limit = (long) CONSUMED.getAcquire(this) + capacity;
                if (p >= limit) {
                    return false;
                }
                producerLimit = limit;
            }
        } while (!claimed.compareAndSet(p, p + 1));
        SLOTS.setRelease(slots, (int) (p & mask), e);
        return true;
    }

    /** Elements offered and not yet drained (approximate while producers run). */
    int size() {
        return (int) Math.max(0, claimed.get() - (long) CONSUMED.getAcquire(this));
    }

    /** Hands up to {@code max} elements, in order, to {@code sink}; returns how many. Consumer thread only. */
    @SuppressWarnings("unchecked")
    int drain(Consumer<? super T> sink, int max) {
        long c = (long) CONSUMED.getOpaque(this);
        int n = 0;
        while (n < max) {
            int i = (int) (c & mask);
            Object e = SLOTS.getAcquire(slots, i);
            if (e == null) {
                break;
            }
            SLOTS.setOpaque(slots, i, null);
            c++;
            n++;
            if (n == 1 || (n & 63) == 0) {
                // free slots in steps, not per element; at once for the first, so that a consumer stuck
                // in its sink holds at most 63 slots it has taken
                CONSUMED.setRelease(this, c);
            }
            sink.accept((T) e);
        }
        if (n > 0) {
            CONSUMED.setRelease(this, c);
        }
        return n;
    }
}
