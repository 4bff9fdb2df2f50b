package io.visutility.webhooks;

import java.net.URI;
import java.time.Instant;
import java.util.Set;

/**
 * A registered receiver of events.
 *
 * @param id stable identifier ({@code wh_} and 12 hex digits)
 * @param url where each event is POSTed
 * @param secret the HMAC-SHA256 key of its signatures; never logged, never returned after creation
 * @param events event types it receives (empty: all)
 * @param description free text for the humans
 * @param createdAt when it was added
 */
public record WebhookEndpoint(String id, URI url, String secret, Set<String> events, String description,
        Instant createdAt) {
    public WebhookEndpoint {
        events = Set.copyOf(events);
    }

    /** The URL without its query or user info, for logs (a query may carry a receiver's credentials). */
    public String safeUrl() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "")
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    boolean wants(String type) {
        return events.isEmpty() || events.contains(type);
    }

    @Override
    public String toString() {
        return "WebhookEndpoint[id=" + id + ", url=" + safeUrl() + ", events=" + events + ", secret=<hidden>]";
    }
}
