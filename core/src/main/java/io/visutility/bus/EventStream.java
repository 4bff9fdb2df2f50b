package io.visutility.bus;

import io.visutility.event.JournaledEvent;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * A subscription read by pulling: the consumer takes events when it is ready. Events wait in the
 * subscription's bounded queue; a consumer that falls further behind catches up from the journal
 * like any subscriber, so it still sees every event once, in order.
 */
public final class EventStream implements AutoCloseable {
    private final SynchronousQueue<JournaledEvent> handoff;
    private final Subscription subscription;

    EventStream(SynchronousQueue<JournaledEvent> handoff, Subscription subscription) {
        this.handoff = handoff;
        this.subscription = subscription;
    }

    /** The next event, waiting for one as long as needed. */
    public JournaledEvent take() throws InterruptedException {
        return handoff.take();
    }

    /** The next event, or empty when none arrives within {@code timeout}. */
    public Optional<JournaledEvent> poll(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(handoff.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    public Subscription subscription() {
        return subscription;
    }

    @Override
    public void close() {
        subscription.close();
    }
}
