package io.visutility.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.visutility.bus.EventBus;
import io.visutility.event.EventType;
import io.visutility.registry.RegistryException;
import io.visutility.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/events}: every journaled event as Server-Sent Events, in journal order, read
 * from the shared {@link EventFanout} (one bus subscription for all streams). Each
 * event's SSE id is its journal position, so a client that reconnects with {@code Last-Event-ID}
 * (browsers do this by themselves) or {@code ?after=N} gets exactly the events after it, read back
 * from the journal if need be; without either it gets events from now on. Optional filters:
 * {@code model=NAME} and {@code types=a,b}. A comment line every 15 s keeps proxies from closing an
 * idle stream. Events compacted away before a resumed stream could read them are announced as one
 * {@code missed} event.
 */
final class EventRoutes implements AutoCloseable {
    private static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);
    private static final AtomicLong INSTANCES = new AtomicLong();
    private static final int MAX_BATCH = 1024;
    private static final long COALESCE_NANOS = 5_000_000;
        private static final byte[] KEEPALIVE_LINE = ": keepalive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final EventFanout fanout;
    private final Store<?> store;
    private final Duration keepalive;
    private final Set<Thread> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    EventRoutes(EventBus bus, Store<?> store, Duration keepalive) {
        this.fanout = new EventFanout(bus, store, "events-" + INSTANCES.incrementAndGet());
        this.store = store;
        this.keepalive = keepalive;
    }

    EventRoutes(EventBus bus, Store<?> store) {
        this(bus, store, KEEPALIVE);
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/api/v1/events", this::stream);
        MethodNotAllowed.register(routing, "/api/v1/events", Method.GET);
    }

    /** Streams open now. */
    int subscribers() {
        return open.size();
    }

    private void stream(ServerRequest req, ServerResponse res) {
        long committed = store.committedPosition();
        long after = resumePosition(req, committed);
        Optional<String> model = req.query().first("model").asOptional();
        Set<String> types = types(req.query().first("types").asOptional());
        if (closed) {
            throw new RegistryException(RegistryException.Code.CONFLICT, "the server is shutting down");
        }
        open.add(Thread.currentThread());
        try {
            res.status(200);
            res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            res.header("X-Accel-Buffering", "no");
            OutputStream out = res.outputStream();
            out.write(("retry: 2000\n: streaming events after position " + after + "\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            ByteArrayOutputStream batch = new ByteArrayOutputStream(1 << 16);
            long cursor = after;
            long lastWrite = System.nanoTime();
            while (!closed) {
                // at most one write per COALESCE: under load each write carries many events, so a
                // hundred streams cost thousands of writes a second, not one per event each
                long since = System.nanoTime() - lastWrite;
                if (since < COALESCE_NANOS) {
                    LockSupport.parkNanos(COALESCE_NANOS - since);
                }
                cursor = fanout.read(cursor, MAX_BATCH, f -> {
                    if ((model.isEmpty() || model.get().equals(f.model())) && (types.isEmpty() || types.contains(f.type()))) {
                        batch.writeBytes(f.sse());
                    }
                }, (count, lastSeen) -> batch.writeBytes(("event: missed\ndata: {\"count\":" + count + ",\"after\":"
                        + lastSeen + ",\"reason\":\"compacted into a snapshot\"}\n\n").getBytes(StandardCharsets.UTF_8)));
                long now = System.nanoTime();
                if (batch.size() > 0) {
                    batch.writeTo(out);
                    batch.reset();
                    out.flush();
                    lastWrite = now;
                } else if (now - lastWrite >= keepalive.toNanos()) {
                    out.write(KEEPALIVE_LINE);
                    out.flush();
                    lastWrite = now;
                }
                try {
                    fanout.awaitAfter(cursor, Math.max(1, keepalive.toNanos() - (System.nanoTime() - lastWrite)));
                } catch (InterruptedException e) {
                    break; // the server is stopping: end the stream cleanly
                }
            }
            out.close();
        } catch (IOException | UncheckedIOException e) {
            // the client went away; nothing to answer
        } finally {
            open.remove(Thread.currentThread());
            Thread.interrupted(); // the stop signal is handled; the request thread goes back clean
        }
    }

    /** Where the stream starts: after Last-Event-ID or ?after=, else after the last durable event. */
    private static long resumePosition(ServerRequest req, long committed) {
        Optional<String> header = req.headers().first(LAST_EVENT_ID);
        Optional<String> query = req.query().first("after").asOptional();
        if (header.isPresent() && query.isPresent()) {
            throw RegistryException.invalid("expected Last-Event-ID or ?after=, not both");
        }
        Optional<String> given = header.isPresent() ? header : query;
        if (given.isEmpty()) {
            return committed;
        }
        String what = header.isPresent() ? "Last-Event-ID" : "after";
        long p;
        try {
            p = Long.parseLong(given.get().trim());
        } catch (NumberFormatException e) {
            throw RegistryException.invalid("expected " + what + " to be a journal position (an integer >= 0) but got '"
                    + Texts.abbreviate(given.get()) + "'");
        }
        if (p < 0) {
            throw RegistryException.invalid("expected " + what + " >= 0 but got " + p);
        }
        if (p > committed) {
            throw RegistryException.invalid(what + " " + p + " is after the last event of this journal (" + committed
                    + "); it comes from another server or a restored backup");
        }
        return p;
    }

    private static Set<String> types(Optional<String> text) {
        if (text.isEmpty()) {
            return Set.of();
        }
        Set<String> known = Arrays.stream(EventType.values()).map(t -> t.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        Set<String> out = ConcurrentHashMap.newKeySet();
        for (String t : text.get().split(",")) {
            String type = t.trim();
            if (!known.contains(type)) {
                throw RegistryException.invalid("expected event types among " + known.stream().sorted()
                        .collect(Collectors.joining(", ")) + " but got '" + Texts.abbreviate(type) + "'");
            }
            out.add(type);
        }
        return Set.copyOf(out);
    }

    /** Ends every open stream (their responses complete), so that a graceful stop does not wait for them. */
    @Override
    public void close() {
        closed = true;
        for (Thread t : open) {
            t.interrupt();
        }
        fanout.close();
    }
}
