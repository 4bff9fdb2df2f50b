package io.visutility.bus;

import io.visutility.event.JournaledEvent;
import io.visutility.journal.CompactedException;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One subscription: a bounded queue filled by {@link #offer} (never blocking the publisher) and a
 * thread of its own that drains it into the handler.
 *
 * <p>Implementation notes. The cursor is the position of the last event handled; events at or
 * before it are skipped, so replayed and live copies of an event are delivered once. When the queue
 * is full the publisher drops the event, raises {@code overflowed} and records the position in
 * {@code lastDropped}. With catch-up, the subscriber notices the flag or a gap between its cursor and
 * the next queued event and re-reads the missing range from the journal. Without it, the events
 * still queued are delivered first, and the loss is reported through {@link EventHandler#onMissed}
 * where it is: before the first event after a gap, or — when the queue runs dry — up to the last
 * dropped position, so {@code lastSeen} is always the last event actually handled and nothing after
 * it is delivered later. Only the subscriber thread touches the cursor (it is published through a
 * volatile for {@link #lastPosition()}).
 */
final class Subscriber implements Subscription {
    private static final System.Logger LOG = System.getLogger(EventBus.class.getName());
    private final String name;
    private final EventHandler handler;
    private final SubscriptionOptions options;
    private final EventSource source;
    private final Runnable onClose;
    private final ArrayBlockingQueue<JournaledEvent> queue;
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final AtomicLong lastDropped = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private final AtomicLong catchUps = new AtomicLong();
    private final Thread thread;

    private volatile long cursor;
    private volatile State state = State.RUNNING;
    private volatile Throwable failure;

    Subscriber(String name, EventHandler handler, SubscriptionOptions options, EventSource source,
            ThreadFactory threads, Runnable onClose) {
        this.name = name;
        this.handler = handler;
        this.options = options;
        this.source = source;
        this.onClose = onClose;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.cursor = options.after() == SubscriptionOptions.LIVE ? source.committedPosition() : options.after();
        this.thread = threads.newThread(this::run);
    }

    void start() {
        thread.start();
    }

    /** Called by the publisher; never blocks. */
    void offer(JournaledEvent event) {
        if (state != State.RUNNING) {
            return;
        }
        if (!queue.offer(event)) {
            lastDropped.accumulateAndGet(event.position(), Math::max);
            overflowed.set(true);
        }
    }

    private void run() {
        try {
            if (options.catchUp()) {
                catchUp(source.committedPosition());
            }
            while (state == State.RUNNING) {
                if (options.catchUp() && overflowed.getAndSet(false)) {
                    catchUp(source.committedPosition());
                }
                JournaledEvent e = options.catchUp() ? queue.take() : nextReportingDroppedTail();
                if (e.position() <= cursor) {
                    continue;
                }
                if (e.position() > cursor + 1) {
                    if (options.catchUp()) {
                        catchUp(e.position() - 1);
                    } else {
                        reportMissed(e.position() - 1);
                    }
                }
                deliver(e);
            }
        } catch (InterruptedException e) {
            // closed
        } catch (RuntimeException e) {
            // reading the journal failed (for example, corruption found while catching up)
            failure = e;
            state = State.FAILED;
            onClose.run();
            LOG.log(System.Logger.Level.ERROR, "subscriber '" + name + "' stopped after position " + cursor, e);
        }
    }

    /**
     * Without catch-up: the next queued event. When none is queued, the events dropped after the
     * cursor are reported first (they will never come), then it waits.
     */
    private JournaledEvent nextReportingDroppedTail() throws InterruptedException {
        JournaledEvent e = queue.poll();
        if (e != null) {
            return e;
        }
        long dropped = lastDropped.get();
        if (dropped > cursor) {
            reportMissed(dropped);
        }
        return queue.take();
    }

    /** Tells the handler that the events (cursor, upTo] will never be delivered, and skips them. */
    private void reportMissed(long upTo) {
        long lastSeen = cursor;
        long count = upTo - lastSeen;
        missed.addAndGet(count);
        cursor = upTo;
        handler.onMissed(count, lastSeen);
    }

    /** Delivers events (cursor, upTo] from the journal. */
    private void catchUp(long upTo) throws InterruptedException {
        if (upTo <= cursor) {
            return;
        }
        catchUps.incrementAndGet();
        try {
            source.replay(cursor + 1, upTo, e -> {
                if (state == State.RUNNING && e.position() > cursor) {
                    deliverUnchecked(e);
                }
            });
        } catch (CompactedException e) {
            reportMissed(e.firstAvailable() - 1);
            catchUp(upTo);
        } catch (InterruptedWrapper w) {
            throw w.cause;
        }
    }

    private void deliverUnchecked(JournaledEvent e) {
        try {
            deliver(e);
        } catch (InterruptedException ie) {
            throw new InterruptedWrapper(ie);
        }
    }

    /** Carries an interrupt out of a replay callback. */
    private static final class InterruptedWrapper extends RuntimeException {
        final InterruptedException cause;

        InterruptedWrapper(InterruptedException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    private void deliver(JournaledEvent e) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                handler.onEvent(e);
                break;
            } catch (InterruptedException ie) {
                throw ie;
            } catch (Exception | LinkageError | AssertionError err) {
                FailurePolicy.Action action = options.failurePolicy().onFailure(name, e, err, attempt);
                if (action == FailurePolicy.Action.RETRY) {
                    continue;
                }
                if (action == FailurePolicy.Action.STOP) {
                    failure = err;
                    state = State.FAILED;
                    onClose.run();
                    throw new InterruptedException("subscription stopped by its failure policy");
                }
                break;
            }
        }
        cursor = e.position();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long lastPosition() {
        return cursor;
    }

    @Override
    public long missed() {
        return missed.get();
    }

    @Override
    public long catchUps() {
        return catchUps.get();
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() {
        if (state == State.RUNNING) {
            state = State.STOPPED;
        }
        onClose.run();
        if (Thread.currentThread() != thread) {
            thread.interrupt();
        }
    }

    /** Waits for the subscription thread to end (after {@link #close()}). */
    void join() throws InterruptedException {
        thread.join();
    }
}
