package io.visutility.store;

import io.visutility.event.Event;
import java.util.List;
import java.util.Set;

/**
 * A request to change state: validated against the current durable state, turned into events, and
 * answered once they are durable and applied.
 *
 * <p>{@link #keys()} name what the command reads and writes (for example {@code "version:m@1.0.0"});
 * commands with disjoint keys are decided independently and may share a commit batch, so a command
 * must list every key whose state its decision depends on.
 *
 * @param <S> the state it reads
 * @param <R> what the caller gets back
 */
public interface Command<S, R> {

    Set<String> keys();

    /**
     * Decides what happened. Runs on the writer thread against durable state. Throws a typed
     * unchecked exception to refuse (nothing is written); returns no events when nothing changes (a
     * retried, already applied request).
     */
    List<Event> decide(S state);

    /** The answer, read after the decided events were applied (or at once when there were none). */
    R result(S state);
}
