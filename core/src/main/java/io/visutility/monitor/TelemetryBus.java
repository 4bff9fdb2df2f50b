package io.visutility.monitor;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Ingestion of telemetry: validates each piece on the publishing thread, then queues it for every
 * registered observer. {@link #publish} never blocks: each observer has its own bounded queue
 * ({@link MpscRing}) and dispatch thread, and when an observer's queue is full the newest event is
 * dropped for that observer and counted (overflow policy: drop newest). A slow or throwing observer
 * affects nobody else.
 *
 * <p>Observers are registered under unique names; the set is copy-on-write, guarded by this bus's
 * monitor, and read without locking by publishers.
 */
public final class TelemetryBus implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TelemetryBus.class.getName());
    /** Default queue capacity per observer. */
    public static final int DEFAULT_CAPACITY = 1 << 16;
    private static final int BATCH = 256;
    private static final long IDLE_PARK_NANOS = 200_000;

    private final TelemetryValidator validator;
    private final ThreadFactory threads;
    private final int capacity;
    private final LongAdder accepted = new LongAdder();
    private final Map<Rejection.Code, LongAdder> rejected = new EnumMap<>(Rejection.Code.class);
    /** Every registered observer, as the groups publish routes to (a plain observer is a group of one). */
    private volatile Group[] groups = new Group[0];
    private volatile boolean closed;

    /**
     * @param validator decides what is accepted
     * @param threads makes one dispatch thread per observer
     * @param capacity queue capacity per observer (rounded up to a power of two)
     */
    public TelemetryBus(TelemetryValidator validator, ThreadFactory threads, int capacity) {
        this.validator = validator;
        this.threads = threads;
        this.capacity = capacity;
        new MpscRing<>(capacity); // fails fast on a bad capacity
        for (Rejection.Code c : Rejection.Code.values()) {
            rejected.put(c, new LongAdder());
        }
    }

    public TelemetryBus(TelemetryValidator validator) {
        this(validator, Thread.ofPlatform().name("telemetry-", 0).daemon().factory(), DEFAULT_CAPACITY);
    }

    /**
     * Validates and queues {@code t} for every observer; never blocks.
     *
     * @return whether it was accepted, rejected (invalid; see {@link #check}) or dropped by a full queue
     */
    public Publication publish(Telemetry t) {
        Rejection r = validator.check(t);
        if (r != null) {
            rejected.get(r.code()).increment();
            return Publication.REJECTED;
        }
        accepted.increment();
        Publication result = Publication.ACCEPTED;
        for (Group g : groups) {
            Dispatcher[] parts = g.parts;
            Dispatcher d = parts.length == 1 ? parts[0] : parts[(t.model().hashCode() & 0x7fffffff) % parts.length];
            if (!d.offer(t)) {
                result = Publication.DROPPED;
            }
        }
        return result;
    }

    /** Why {@code t} would be rejected, or null if it would be accepted (and then counts it as rejected). */
    public Rejection check(Telemetry t) {
        Rejection r = validator.check(t);
        if (r != null) {
            rejected.get(r.code()).increment();
        }
        return r;
    }

    /**
     * Starts delivering to {@code observer} under {@code name}.
     *
     * @throws IllegalArgumentException when the name is taken or blank
     * @throws IllegalStateException when the bus is closed
     */
    public void register(String name, TelemetryObserver observer) {
        registerPartitioned(name, 1, i -> observer);
    }

    /**
     * Starts delivering to {@code partitions} observers under {@code name}, each on its own queue and
     * thread, each receiving the telemetry of the models whose name hashes to it (so one model's
     * telemetry always reaches the same observer, in order). How a stateful observer such as the
     * monitor uses more than one core.
     *
     * @param observers makes the observer of partition i (0-based)
     * @throws IllegalArgumentException when the name is taken or blank, or partitions is not in [1, 64]
     */
    public synchronized void registerPartitioned(String name, int partitions,
            java.util.function.IntFunction<TelemetryObserver> observers) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("expected an observer name but got '" + name + "'");
        }
        if (partitions < 1 || partitions > 64) {
            throw new IllegalArgumentException("expected 1 to 64 partitions for observer '" + name + "' but got "
                    + partitions);
        }
        if (closed) {
            throw new IllegalStateException("the telemetry bus is closed; cannot register '" + name + "'");
        }
        for (Group g : groups) {
            if (g.name.equals(name)) {
                throw new IllegalArgumentException("an observer named '" + name + "' is already registered");
            }
        }
        Dispatcher[] parts = new Dispatcher[partitions];
        for (int i = 0; i < partitions; i++) {
            parts[i] = new Dispatcher(partitions == 1 ? name : name + "#" + i, observers.apply(i),
                    new MpscRing<>(capacity));
        }
        List<Group> next = new ArrayList<>(List.of(groups));
        next.add(new Group(name, parts));
        groups = next.toArray(Group[]::new);
        for (Dispatcher d : parts) {
            d.thread = threads.newThread(d);
            d.thread.start();
        }
    }

    /**
     * Stops delivering to the observer (or the partitioned observers) named {@code name}; what is
     * still queued is delivered first. Returns once the dispatch threads have finished.
     *
     * @throws IllegalArgumentException when no observer has that name
     */
    public void unregister(String name) {
        Group found = null;
        synchronized (this) {
            List<Group> next = new ArrayList<>();
            for (Group g : groups) {
                if (g.name.equals(name)) {
                    found = g;
                } else {
                    next.add(g);
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("no observer named '" + name + "' is registered; registered: "
                        + names());
            }
            groups = next.toArray(Group[]::new);
        }
        for (Dispatcher d : found.parts) {
            d.stopAndJoin();
        }
    }

    public synchronized List<String> names() {
        List<String> names = new ArrayList<>();
        for (Group g : groups) {
            names.add(g.name);
        }
        return names;
    }

    /** An observer name and its dispatchers (one, or one per partition). */
    private record Group(String name, Dispatcher[] parts) {}

    public long accepted() {
        return accepted.sum();
    }

    /** Rejections so far, by reason. */
    public Map<Rejection.Code, Long> rejected() {
        Map<Rejection.Code, Long> out = new EnumMap<>(Rejection.Code.class);
        rejected.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Counters per dispatcher (a partitioned observer has one per partition, named {@code name#i}). */
    public List<ObserverStats> observers() {
        List<ObserverStats> out = new ArrayList<>();
        for (Group g : groups) {
            for (Dispatcher d : g.parts) {
                out.add(d.stats());
            }
        }
        return out;
    }

    /** Delivers what is queued, then stops every dispatch thread. */
    @Override
    public void close() {
        Group[] all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = groups;
            groups = new Group[0];
        }
        for (Group g : all) {
            for (Dispatcher d : g.parts) {
                d.stopAndJoin();
            }
        }
    }

    /** One observer's queue and the loop on its thread. */
    private static final class Dispatcher implements Runnable {
        final String name;
        final TelemetryObserver observer;
        final MpscRing<Telemetry> ring;
        final LongAdder dropped = new LongAdder();
        volatile long delivered;
        volatile long failed;
        volatile boolean stopping;
        volatile boolean sleeping;
        Thread thread;

        Dispatcher(String name, TelemetryObserver observer, MpscRing<Telemetry> ring) {
            this.name = name;
            this.observer = observer;
            this.ring = ring;
        }

        boolean offer(Telemetry t) {
            if (!ring.offer(t)) {
                dropped.increment();
                return false;
            }
            if (sleeping) {
                sleeping = false;
                LockSupport.unpark(thread);
            }
            return true;
        }

        @Override
        public void run() {
            long count = 0;
            while (true) {
                boolean stop = stopping; // read before draining: what was queued before stop() is delivered
                int n = 0;
                int drained;
                while ((drained = ring.drain(this::deliver, BATCH)) > 0) {
                    n += drained;
                    count += drained;
                    delivered = count;
                }
                if (n > 0) {
                    continue;
                }
                if (stop) {
                    return;
                }
                idle();
                sleeping = true;
                if (ring.size() == 0 && !stopping) {
                    // a producer that queued before seeing sleeping=true is caught by the timeout
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                }
                sleeping = false;
            }
        }

        private void deliver(Telemetry t) {
            try {
                observer.onTelemetry(t);
            } catch (Throwable e) {
                long f = ++failed;
                if (f == 1 || f % 10_000 == 0) {
                    LOG.log(Level.WARNING, "telemetry observer ''" + name + "'' failed on " + kind(t) + " for "
                            + t.key() + " (" + f + " failures so far); it keeps receiving telemetry", e);
                }
            }
        }

        private void idle() {
            try {
                observer.onIdle();
            } catch (Throwable e) {
                long f = ++failed;
                if (f == 1 || f % 10_000 == 0) {
                    LOG.log(Level.WARNING, "telemetry observer ''" + name + "'' failed when idle", e);
                }
            }
        }

        void stopAndJoin() {
            stopping = true;
            LockSupport.unpark(thread);
            boolean interrupted = false;
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        ObserverStats stats() {
            return new ObserverStats(name, delivered, dropped.sum(), failed, ring.size(), ring.capacity());
        }

        private static String kind(Telemetry t) {
            return t.getClass().getSimpleName();
        }
    }
}
