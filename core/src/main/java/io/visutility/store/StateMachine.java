package io.visutility.store;

import io.visutility.event.JournaledEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * State that is changed only by applying journaled events, in journal order, by one thread at a time.
 * The same {@link #apply} runs live (after the event is durable) and at replay, which is what makes
 * recovery exact. Readers on other threads must be able to read while it applies.
 */
public interface StateMachine {

    /** Applies one event. Must not fail for an event that a command decided on this state. */
    void apply(JournaledEvent event);

    /** Writes the whole state; {@link #readSnapshot} on an empty instance must restore it exactly. */
    void writeSnapshot(OutputStream out) throws IOException;

    /** Restores state written by {@link #writeSnapshot} into this (empty) instance. */
    void readSnapshot(InputStream in) throws IOException;

    /**
     * Recovery is over: every event so far was applied from a snapshot or the journal, and from now
     * on events arrive one at a time, live, with readers on other threads. Until this is called the
     * state may keep bulk-loading structures that nobody else reads (a replay has no readers).
     */
    default void recovered() {}
}
