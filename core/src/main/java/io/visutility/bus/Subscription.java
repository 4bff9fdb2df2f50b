package io.visutility.bus;

import java.util.Optional;

/** A live subscription to the bus. Closing it stops delivery; it does not affect others. */
public interface Subscription extends AutoCloseable {

    /** Lifecycle of a subscription. */
    enum State { RUNNING, STOPPED, FAILED }

    String name();

    /** Position of the last event handled (delivered or skipped); a durable consumer resumes after it. */
    long lastPosition();

    /** Events this subscription was told it missed (never re-delivered). */
    long missed();

    /** Times it fell behind and caught up from the journal. */
    long catchUps();

    State state();

    /** The handler failure that stopped it, when {@link #state()} is FAILED. */
    Optional<Throwable> failure();

    @Override
    void close();
}
