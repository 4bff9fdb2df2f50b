package io.visutility.client;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends telemetry from a serving endpoint without ever making it wait: each call puts a small record
 * into a bounded queue and returns; one background thread encodes queued events as NDJSON and posts
 * them in batches to {@code POST /api/v1/telemetry}. Obtained from {@link VisutilityClient#telemetry()};
 * thread-safe.
 *
 * <pre>{@code
 * TelemetrySender telemetry = client.telemetry();
 * long start = System.nanoTime();
 * Prediction p = model.predict(image);
 * telemetry.latency("detector", "1.1.0", (System.nanoTime() - start) / 1e6);
 * telemetry.features("detector", "1.1.0", Map.of("brightness", 0.42, "contrast", 0.77));
 * // later, when the true label is known
 * telemetry.outcome("detector", "1.1.0", p.label().equals(truth));
 * }</pre>
 *
 * <p>Delivery: a call returns true when the event was queued, false when the queue was full and the
 * event was dropped (counted in {@link TelemetryStats#dropped()}); it never blocks and never throws
 * because of the network. A batch is sent when it holds {@code batchSize} events or its oldest event
 * has waited {@code linger}. A batch that gets no answer, a 5xx or 429 is sent again after an
 * exponential, jittered backoff, for as long as it takes, while new events keep queueing (and are
 * dropped once the queue is full): at least once, in memory. A 4xx other than 429 refuses the batch
 * for good (counted in {@link TelemetryStats#failed()}, logged once per code). Nothing is kept on
 * disk: events still queued when the process dies are lost.
 *
 * <p>Implementation notes: the queue is a lock-free multi-producer, single-consumer ring
 * ({@link EventRing}); a call is one CAS plus a store, and one volatile read of {@code wakeAt} to learn
 * whether the sender thread is parked waiting for the events that complete its batch (then the call
 * that queues the last of them unparks it). Producer-side
 * counters are {@link LongAdder}s; the other counters are written by the sender thread only. The lock
 * guards nothing but the condition that {@link #flush(Duration)} waits on, signalled after each batch.
 */
public final class TelemetrySender implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TelemetrySender.class.getName());
    private static final int AWAKE = Integer.MAX_VALUE;

    private final EventRing<TelemetryEvent> ring;
    private final int batchSize;
    private final long lingerNanos;
    private final Duration closeTimeout;
    private final Clock clock;
    private final TelemetryPoster poster;
    private final Backoff backoff;
    private final NdjsonEncoder encoder = new NdjsonEncoder();
    private final Thread thread;

    private final LongAdder enqueued = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    /** Codes already logged at WARNING, so that a steady failure is logged once, not per batch. */
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    /**
     * While the sender thread is parked: how many queued events complete the batch it holds, so that
     * the producer that queues the last of them unparks it. {@link #AWAKE} while it runs.
     */
    private volatile int wakeAt = AWAKE;
    /** Events handled (sent, failed or abandoned) must reach this before the sender waits for a full batch. */
    private volatile long flushThrough;
    private volatile boolean closing;
    /** Set when close() ran out of time: give up retrying and count what is left as abandoned. */
    private volatile boolean abandon;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();

    TelemetrySender(Http http, TelemetryOptions options, Clock clock, ThreadFactory threads) {
        this.ring = new EventRing<>(options.queueCapacity());
        this.batchSize = options.batchSize();
        this.lingerNanos = options.linger().toNanos();
        this.closeTimeout = options.closeTimeout();
        this.clock = clock;
        this.poster = new TelemetryPoster(http);
        this.backoff = new Backoff(options.initialBackoff(), options.maxBackoff(), new SplittableRandom());
        this.thread = threads.newThread(this::run);
        thread.start();
    }

    /** Queues a latency of {@code millis} ms measured now. */
    public boolean latency(String model, String version, double millis) {
        return send(new TelemetryEvent.Latency(model, version, clock.instant(), millis));
    }

    /** Queues a latency of {@code millis} ms measured at {@code at}. */
    public boolean latency(String model, String version, Instant at, double millis) {
        return send(new TelemetryEvent.Latency(model, version, at, millis));
    }

    /** Queues whether one prediction was right. */
    public boolean outcome(String model, String version, boolean correct) {
        return send(new TelemetryEvent.Outcome(model, version, clock.instant(), correct, null, null));
    }

    /** Queues one prediction and its true label (right when they are equal). */
    public boolean outcome(String model, String version, String predicted, String actual) {
        return send(new TelemetryEvent.Outcome(model, version, clock.instant(), null, predicted, actual));
    }

    /** Queues an accuracy in [0, 1] measured over {@code count} predictions. */
    public boolean accuracy(String model, String version, double accuracy, long count) {
        return send(new TelemetryEvent.Accuracy(model, version, clock.instant(), accuracy, count));
    }

    /** Queues numeric input features of one inference (the map is copied). */
    public boolean features(String model, String version, Map<String, Double> numeric) {
        return send(new TelemetryEvent.Features(model, version, clock.instant(), new LinkedHashMap<>(numeric), Map.of()));
    }

    /** Queues numeric and categorical input features of one inference (the maps are copied). */
    public boolean features(String model, String version, Map<String, Double> numeric, Map<String, String> categorical) {
        return send(new TelemetryEvent.Features(model, version, clock.instant(), new LinkedHashMap<>(numeric),
                new LinkedHashMap<>(categorical)));
    }

    /** Queues a failed inference. */
    public boolean inferenceError(String model, String version, String message) {
        return send(new TelemetryEvent.InferenceError(model, version, clock.instant(), message));
    }

    /**
     * Queues {@code event}: true when it was taken, false when it was dropped because the queue is full
     * or the sender is closed. Never blocks, never throws.
     */
    public boolean send(TelemetryEvent event) {
        if (closing || !ring.offer(event)) {
            dropped.increment();
            return false;
        }
        enqueued.increment();
        int w = wakeAt;
        if (w != AWAKE && ring.size() >= w) {
            wake();
        }
        return true;
    }

    /**
     * Sends every event queued before this call and waits until each is delivered, refused or
     * abandoned, or until {@code timeout} passes. True when all were handled in time; false on
     * timeout (the events stay queued and keep being retried) or when the calling thread is
     * interrupted (its interrupt flag is set again).
     */
    public boolean flush(Duration timeout) {
        long target = enqueued.sum();
        flushThrough = Math.max(flushThrough, target);
        wake();
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (handled() < target) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = progress.awaitNanos(remaining);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** The counters so far. */
    public TelemetryStats stats() {
        return new TelemetryStats(enqueued.sum(), dropped.sum(), sent.get(), accepted.get(), rejected.get(),
                failedBatches.get(), failed.get(), retries.get(), abandoned.get());
    }

    /**
     * Stops taking events (later calls drop them), sends what is queued within the close timeout,
     * then stops the sender thread; events still unsent then are counted as abandoned. Idempotent.
     */
    @Override
    public void close() {
        closing = true;
        flushThrough = Long.MAX_VALUE;
        wake();
        try {
            if (!thread.join(closeTimeout)) {
                abandon = true;
                thread.interrupt();
                thread.join(closeTimeout);
            }
        } catch (InterruptedException e) {
            abandon = true;
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            // the sender is gone (join: happens-before), so this thread may consume: a call that passed
            // the closing check just before close() began may have queued an event after its last drain
            abandoned.addAndGet(ring.drain(e -> {}, Integer.MAX_VALUE));
        }
    }

    private long handled() {
        return sent.get() + failed.get() + abandoned.get();
    }

    private void wake() {
        wakeAt = AWAKE;
        LockSupport.unpark(thread);
    }

    // ---- the sender thread ----

    private void run() {
        List<TelemetryEvent> batch = new ArrayList<>(batchSize);
        long oldest = 0;
        while (!abandon) {
            int before = batch.size();
            ring.drain(batch::add, batchSize - before);
            long now = System.nanoTime();
            if (before == 0 && !batch.isEmpty()) {
                oldest = now;
            }
            boolean urgent = closing || flushThrough > handled();
            if (batch.size() == batchSize || !batch.isEmpty() && (urgent || now - oldest >= lingerNanos)) {
                ship(batch);
                batch.clear();
                continue;
            }
            if (batch.isEmpty() && closing && ring.size() == 0) {
                break;
            }
            int missing = batchSize - batch.size();
            wakeAt = missing;
            // re-check after publishing wakeAt: a producer that queued before it could not see it
            if (ring.size() >= missing || closing || flushThrough > handled()) {
                wakeAt = AWAKE;
                continue;
            }
            LockSupport.parkNanos(this, batch.isEmpty() ? lingerNanos : Math.max(1, oldest + lingerNanos - now));
            wakeAt = AWAKE;
        }
        abandoned.addAndGet(batch.size());
        batch.clear();
        abandoned.addAndGet(ring.drain(e -> {}, Integer.MAX_VALUE));
        signalProgress();
    }

    /** Sends one batch until it is delivered or refused, or the sender gives up at close. */
    private void ship(List<TelemetryEvent> batch) {
        byte[] body;
        try {
            body = encoder.encode(batch);
        } catch (RuntimeException e) {
            refused(batch.size(), "encoding", "cannot encode the batch: " + Http.describe(e));
            return;
        }
        int attempt = 0;
        while (true) {
            TelemetryPoster.Result result;
            try {
                result = poster.post(body);
            } catch (InterruptedException e) {
                result = new TelemetryPoster.Result.Retry("interrupted");
            }
            switch (result) {
                case TelemetryPoster.Result.Delivered d -> {
                    if (attempt > 0) {
                        LOG.log(Level.INFO, "telemetry delivered again after {0} failed attempts", attempt);
                    }
                    accepted.addAndGet(d.accepted());
                    rejected.addAndGet(d.rejected());
                    for (TelemetryPoster.Rejection r : d.rejections()) {
                        logOnce("rejected:" + r.code(), "the server rejected telemetry (" + r.code() + "): "
                                + r.reason() + "; further rejections with this code are counted, not logged");
                    }
                    sent.addAndGet(batch.size());
                    signalProgress();
                    return;
                }
                case TelemetryPoster.Result.Refused r -> {
                    refused(batch.size(), r.status() + " " + r.code(), r.detail());
                    return;
                }
                case TelemetryPoster.Result.Retry r -> {
                    if (abandon) {
                        abandoned.addAndGet(batch.size());
                        signalProgress();
                        return;
                    }
                    if (attempt == 0) {
                        LOG.log(Level.WARNING, "cannot send telemetry ({0}); retrying with backoff", r.reason());
                    }
                    retries.incrementAndGet();
                    pause(backoff.delayNanos(attempt++));
                }
            }
        }
    }

    private void refused(int events, String code, String detail) {
        failedBatches.incrementAndGet();
        failed.addAndGet(events);
        logOnce("refused:" + code, "the server refused a telemetry batch of " + events + " events (" + code + "): "
                + detail + "; not retried, further refusals with this code are counted, not logged");
        signalProgress();
    }

    /** Waits {@code nanos} before a retry, or less when close() gives up. */
    private void pause(long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0 && !abandon; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
            Thread.interrupted(); // close() interrupts to cut a wait short; abandon says whether to stop
        }
    }

    private void logOnce(String key, String message) {
        if (logged.add(key)) {
            LOG.log(Level.WARNING, message);
        }
    }

    private void signalProgress() {
        lock.lock();
        try {
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Events in the queue not yet taken by the sender thread (approximate while calls run); for tests. */
    int queued() {
        return ring.size();
    }
}
