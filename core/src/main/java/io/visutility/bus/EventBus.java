package io.visutility.bus;

import io.visutility.event.JournaledEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;

/**
 * Delivers every durable event to every subscriber. The writer calls {@link #publish}, which only
 * offers the event to each subscriber's bounded queue and never blocks; each subscriber drains its
 * queue on a thread of its own (virtual by default), so a slow or failing subscriber delays nobody
 * else. Subscribers that fall behind catch up from the journal (see {@link Subscriber}).
 */
public final class EventBus implements AutoCloseable {
    private final EventSource source;
    private final ThreadFactory threads;
    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Map<String, Subscriber> byName = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public EventBus(EventSource source, ThreadFactory threads) {
        this.source = source;
        this.threads = threads;
    }

    /** A bus whose subscribers run on virtual threads. */
    public static EventBus withVirtualThreads(EventSource source) {
        return new EventBus(source, Thread.ofVirtual().name("visutility-subscriber-", 0).factory());
    }

    /**
     * Subscribes {@code handler} under a unique name.
     *
     * @throws IllegalArgumentException when a subscription of that name is active
     */
    public Subscription subscribe(String name, EventHandler handler, SubscriptionOptions options) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("expected a subscription name but got none");
        }
        if (closed) {
            throw new IllegalStateException("the event bus is closed");
        }
        Subscriber[] self = new Subscriber[1];
        Subscriber s = new Subscriber(name, handler, options, source, threads, () -> remove(self[0]));
        self[0] = s;
        if (byName.putIfAbsent(name, s) != null) {
            throw new IllegalArgumentException("a subscription named '" + name + "' already exists");
        }
        subscribers.add(s);
        s.start();
        return s;
    }

    /** A pull-style subscription: see {@link EventStream}. */
    public EventStream stream(String name, SubscriptionOptions options) {
        SynchronousQueue<JournaledEvent> handoff = new SynchronousQueue<>();
        Subscription s = subscribe(name, handoff::put, options);
        return new EventStream(handoff, s);
    }

    /** Offers a durable event to every subscriber. Never blocks. */
    public void publish(JournaledEvent event) {
        for (Subscriber s : subscribers) {
            s.offer(event);
        }
    }

    /** Active subscriptions. */
    public List<Subscription> subscriptions() {
        return List.copyOf(subscribers);
    }

    private void remove(Subscriber s) {
        subscribers.remove(s);
        byName.remove(s.name(), s);
    }

    /** Stops every subscription and waits for their threads. */
    @Override
    public void close() {
        closed = true;
        boolean interrupted = false;
        for (Subscriber s : List.copyOf(subscribers)) {
            s.close();
            try {
                s.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
