package io.visutility.monitor;

/**
 * Counters of one observer: events delivered to it, dropped because its queue was full (the bus's
 * overflow policy: drop the newest and count), that it threw on, and waiting in its queue now.
 */
public record ObserverStats(String name, long delivered, long dropped, long failed, int queued, int capacity) {}
