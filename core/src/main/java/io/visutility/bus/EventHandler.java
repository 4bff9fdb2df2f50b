package io.visutility.bus;

import io.visutility.event.JournaledEvent;

/**
 * A subscriber's callback. Called on the subscription's own thread, one event at a time, in journal
 * order; a slow handler delays only its own subscription.
 */
@FunctionalInterface
public interface EventHandler {

    void onEvent(JournaledEvent event) throws Exception;

    /**
     * Told that {@code count} events after position {@code lastSeen} will never be delivered: the
     * subscription does not catch up from the journal and its queue overflowed, or the events were
     * compacted into a snapshot before it could read them.
     */
    default void onMissed(long count, long lastSeen) {}
}
