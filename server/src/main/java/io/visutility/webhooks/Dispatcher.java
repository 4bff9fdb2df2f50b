package io.visutility.webhooks;

import io.visutility.bus.EventBus;
import io.visutility.bus.EventHandler;
import io.visutility.bus.FailurePolicy;
import io.visutility.bus.Subscription;
import io.visutility.bus.SubscriptionOptions;
import io.visutility.event.JournaledEvent;
import io.visutility.http.EventJson;
import io.visutility.retrain.BusCursor;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Delivers one endpoint's events, one at a time and in journal order: each is POSTed until the
 * receiver answers 2xx, waiting longer after each failure, and only then is the next one sent. The
 * position of the last delivered event is kept in {@code <id>.cursor}; a restarted server resumes
 * after it, so an event is delivered at least once (twice only when the server dies between the
 * receiver's answer and the cursor's write). Events are read back from the journal when the
 * endpoint falls behind, so a receiver that is down for hours loses nothing.
 */
final class Dispatcher implements EventHandler {
    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

    private static final java.util.concurrent.atomic.AtomicLong INSTANCES = new java.util.concurrent.atomic.AtomicLong();

    private final WebhookEndpoint endpoint;
    private final BusCursor saved;
    private final HttpClient http;
    private final Clock clock;
    private final Webhooks.Options options;
    private volatile long cursor;
    private volatile long delivered;
    private volatile int consecutiveFailures;
    private volatile String lastError;
    private volatile Instant lastAttemptAt;
    private volatile Instant nextAttemptAt;
    private volatile boolean stopped;
    private Subscription subscription;

    Dispatcher(WebhookEndpoint endpoint, Path cursorFile, long start, HttpClient http, Clock clock,
            Webhooks.Options options) {
        this.endpoint = endpoint;
        this.saved = new BusCursor(cursorFile);
        this.cursor = start;
        this.http = http;
        this.clock = clock;
        this.options = options;
    }

    void start(EventBus bus) {
        subscription = bus.subscribe("webhook-" + endpoint.id() + "-" + INSTANCES.incrementAndGet(), this,
                SubscriptionOptions.after(cursor).withFailurePolicy(FailurePolicy.stop()));
    }

    WebhookEndpoint endpoint() {
        return endpoint;
    }

    Webhooks.Status status(long committed) {
        String failure = subscription != null && subscription.state() == Subscription.State.FAILED
                ? "dispatcher stopped: " + subscription.failure().map(Throwable::toString).orElse("unknown") : null;
        return new Webhooks.Status(endpoint, cursor, Math.max(0, committed - cursor), delivered, consecutiveFailures,
                failure != null ? failure : lastError, lastAttemptAt, consecutiveFailures > 0 ? nextAttemptAt : null);
    }

    @Override
    public void onEvent(JournaledEvent e) throws InterruptedException {
        if (stopped) {
            throw new InterruptedException("dispatcher stopped"); // never moves the cursor once stopped
        }
        if (!endpoint.wants(EventJson.typeName(e))) {
            advance(e.position(), false);
            return;
        }
        byte[] body = EventJson.encode(e);
        for (int attempt = 1; ; attempt++) {
            if (stopped) {
                throw new InterruptedException("dispatcher stopped");
            }
            lastAttemptAt = clock.instant();
            String error = post(e, body);
            if (error == null) {
                delivered++;
                consecutiveFailures = 0;
                lastError = null;
                advance(e.position(), true);
                return;
            }
            consecutiveFailures++;
            lastError = error;
            Duration wait = backoff(attempt);
            nextAttemptAt = clock.instant().plus(wait);
            if (attempt == 1 || attempt % 10 == 0) {
                LOG.log(System.Logger.Level.WARNING, "webhook " + endpoint.id() + " (" + endpoint.safeUrl()
                        + ") failed event " + e.position() + " (attempt " + attempt + "): " + error
                        + "; retrying in " + wait.toMillis() + " ms");
            }
            Thread.sleep(wait.toMillis());
        }
    }

    @Override
    public void onMissed(long count, long lastSeen) {
        LOG.log(System.Logger.Level.ERROR, "webhook " + endpoint.id() + " cannot receive " + count
                + " events after position " + lastSeen + ": they were compacted into a snapshot before delivery");
        advance(lastSeen + count, true);
    }

    Duration backoff(int attempt) {
        long initial = options.initialBackoff().toMillis();
        long max = options.maxBackoff().toMillis();
        long ms = attempt >= 31 ? max : Math.min(max, initial << (attempt - 1));
        return Duration.ofMillis(ms);
    }

    /** Null when delivered, else what went wrong. */
    private String post(JournaledEvent e, byte[] body) throws InterruptedException {
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(endpoint.url()).timeout(options.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "visutility-webhooks/1")
                .header(Signature.ID_HEADER, Long.toString(e.position()))
                .header(Signature.TYPE_HEADER, EventJson.typeName(e))
                .header(Signature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(Signature.SIGNATURE_HEADER, Signature.sign(endpoint.secret(), e.position(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
        } catch (IOException ex) {
            return ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
        }
    }

    private void advance(long position, boolean save) {
        cursor = position;
        saved.handled(position);
        if (save) {
            saved.save();
        }
    }

    /** Writes the position handled so far (atomic rename; see {@link BusCursor}). */
    void save() {
        saved.handled(cursor);
        saved.save();
    }

    /** Stops delivering; the event in flight, if any, is left undelivered for the next start. */
    void stop() {
        stopped = true;
        if (subscription != null) {
            subscription.close();
        }
        save();
    }
}
