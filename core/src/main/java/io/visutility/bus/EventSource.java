package io.visutility.bus;

import io.visutility.event.JournaledEvent;
import java.util.function.Consumer;

/** Where the bus re-reads durable events for subscribers that start in the past or fell behind. */
public interface EventSource {

    /** Position of the last durable event. */
    long committedPosition();

    /**
     * Passes durable events with positions in [{@code from}, {@code to}] to {@code sink}, in order.
     *
     * @throws io.visutility.journal.CompactedException when {@code from} was compacted away
     */
    void replay(long from, long to, Consumer<JournaledEvent> sink);
}
