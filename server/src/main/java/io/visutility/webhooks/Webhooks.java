package io.visutility.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.bus.EventBus;
import io.visutility.event.EventType;
import io.visutility.registry.RegistryException;
import io.visutility.store.DurableFiles;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The webhook endpoints of a data directory and their dispatchers. Endpoints (with their secrets)
 * live in {@code webhooks/endpoints.json}, readable by its owner only, replaced atomically and
 * durably on every change; each endpoint's delivery cursor is {@code webhooks/<id>.cursor}.
 */
public final class Webhooks implements AutoCloseable {
    public static final String DIR = "webhooks";
    private static final String FILE = "endpoints.json";
    private static final int MAX_ENDPOINTS = 100;
    private static final int MAX_URL = 2048;
    private static final int MAX_DESCRIPTION = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How deliveries are paced. */
    public record Options(Duration initialBackoff, Duration maxBackoff, Duration requestTimeout) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(10));
        }
    }

    /** What an endpoint has received. */
    public record Status(WebhookEndpoint endpoint, long deliveredThrough, long pending, long delivered,
            int consecutiveFailures, String lastError, Instant lastAttemptAt, Instant nextAttemptAt) {}

    /** A new endpoint and its secret, shown once. */
    public record Created(Status status, String secret) {
        @Override
        public String toString() {
            return "Created[" + status.endpoint() + "]";
        }
    }

    private record Entry(WebhookEndpoint endpoint, long startAfter) {}

    private final Path dir;
    private final EventBus bus;
    private final LongSupplier committed;
    private final Clock clock;
    private final Options options;
    private final HttpClient http;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, Dispatcher> dispatchers = new LinkedHashMap<>();
    private boolean closed;

    private Webhooks(Path dir, EventBus bus, LongSupplier committed, Clock clock, Options options) {
        this.dir = dir;
        this.bus = bus;
        this.committed = committed;
        this.clock = clock;
        this.options = options;
        this.http = HttpClient.newBuilder().connectTimeout(options.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Loads the endpoints of {@code dataDir} and starts delivering to each from its cursor.
     *
     * @param committed the position of the last durable event (a new endpoint starts after it)
     * @throws IOException when the endpoints file exists but cannot be read
     */
    public static Webhooks open(Path dataDir, EventBus bus, LongSupplier committed, Clock clock, Options options)
            throws IOException {
        Webhooks w = new Webhooks(dataDir.resolve(DIR), bus, committed, clock, options);
        w.load();
        for (Entry e : w.entries.values()) {
            w.startDispatcher(e);
        }
        return w;
    }

    /**
     * Adds an endpoint; it receives the events after {@code after} (default: from now on).
     *
     * @param secret the signing key, or null to generate one
     * @param events event types it wants (empty: all)
     * @throws RegistryException (invalid input) on a bad URL, secret, event type or position
     */
    public synchronized Created add(String url, String secret, List<String> events, String description, Long after)
            throws IOException {
        ensureOpen();
        URI uri = checkUrl(url);
        if (secret != null && (secret.length() < 16 || secret.length() > 256)) {
            throw RegistryException.invalid("expected a secret of 16 to 256 characters (or none, to have one made)");
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw RegistryException.invalid("expected a description of at most " + MAX_DESCRIPTION + " characters");
        }
        Set<String> types = checkTypes(events == null ? List.of() : events);
        long last = committed.getAsLong();
        long start = after == null ? last : after;
        if (start < 0 || start > last) {
            throw RegistryException.invalid("expected 'after' between 0 and the last journal position " + last
                    + " but got " + start);
        }
        if (entries.size() >= MAX_ENDPOINTS) {
            throw new RegistryException(RegistryException.Code.CONFLICT, "at most " + MAX_ENDPOINTS
                    + " webhook endpoints may be registered; remove one first");
        }
        String key = secret != null ? secret : "whsec_" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(randomBytes(32));
        String id;
        do {
            id = "wh_" + HexFormat.of().formatHex(randomBytes(6));
        } while (entries.containsKey(id));
        Entry entry = new Entry(new WebhookEndpoint(id, uri, key, types, description, clock.instant()), start);
        Map<String, Entry> next = new LinkedHashMap<>(entries);
        next.put(id, entry);
        write(next);
        entries.put(id, entry);
        Dispatcher d = startDispatcher(entry);
        return new Created(d.status(last), key);
    }

    /** Removes an endpoint and stops its deliveries; false when there is no such endpoint. */
    public synchronized boolean remove(String id) throws IOException {
        ensureOpen();
        if (!entries.containsKey(id)) {
            return false;
        }
        Map<String, Entry> next = new LinkedHashMap<>(entries);
        next.remove(id);
        write(next);
        entries.remove(id);
        Dispatcher d = dispatchers.remove(id);
        if (d != null) {
            d.stop();
        }
        Files.deleteIfExists(dir.resolve(id + ".cursor"));
        return true;
    }

    public synchronized List<Status> list() {
        long last = committed.getAsLong();
        return dispatchers.values().stream().map(d -> d.status(last)).toList();
    }

    public synchronized Optional<Status> get(String id) {
        Dispatcher d = dispatchers.get(id);
        return d == null ? Optional.empty() : Optional.of(d.status(committed.getAsLong()));
    }

    private Dispatcher startDispatcher(Entry e) {
        Path cursorFile = dir.resolve(e.endpoint().id() + ".cursor");
        long start = new io.visutility.retrain.BusCursor(cursorFile).saved().orElse(e.startAfter());
        Dispatcher d = new Dispatcher(e.endpoint(), cursorFile, start, http, clock, options);
        d.save();
        d.start(bus);
        dispatchers.put(e.endpoint().id(), d);
        return d;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static URI checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw RegistryException.invalid("expected 'url', the http(s) URL to POST events to");
        }
        if (url.length() > MAX_URL) {
            throw RegistryException.invalid("expected a URL of at most " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw RegistryException.invalid("expected 'url' to be a URL but it is not: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw RegistryException.invalid("expected an http or https URL but got scheme '" + scheme + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw RegistryException.invalid("expected a URL with a host name");
        }
        if (uri.getRawUserInfo() != null) {
            throw RegistryException.invalid("expected a URL without user:password (authenticate receivers by the signature)");
        }
        if (uri.getRawFragment() != null) {
            throw RegistryException.invalid("expected a URL without a #fragment");
        }
        return uri;
    }

    private static Set<String> checkTypes(List<String> events) {
        Set<String> known = Arrays.stream(EventType.values()).map(t -> t.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> out = new TreeSet<>();
        for (String t : events) {
            if (t == null || !known.contains(t)) {
                throw RegistryException.invalid("expected event types among " + String.join(", ", known)
                        + " but got '" + t + "'");
            }
            out.add(t);
        }
        return out;
    }

    private void load() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(FILE));
        } catch (NoSuchFileException e) {
            return;
        }
        try {
            for (JsonNode n : JSON.readTree(bytes).path("endpoints")) {
                List<String> types = new ArrayList<>();
                n.path("events").forEach(t -> types.add(t.asText()));
                WebhookEndpoint ep = new WebhookEndpoint(n.get("id").asText(), URI.create(n.get("url").asText()),
                        n.get("secret").asText(), Set.copyOf(types),
                        n.hasNonNull("description") ? n.get("description").asText() : null,
                        Instant.parse(n.get("created_at").asText()));
                entries.put(ep.id(), new Entry(ep, n.get("start_after").asLong()));
            }
        } catch (RuntimeException | IOException e) {
            throw new IOException(dir.resolve(FILE) + " is not a readable webhook file: " + e.getMessage(), e);
        }
    }

    private void write(Map<String, Entry> all) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("endpoints");
        for (Entry e : all.values()) {
            WebhookEndpoint ep = e.endpoint();
            ObjectNode n = list.addObject();
            n.put("id", ep.id());
            n.put("url", ep.url().toString());
            n.put("secret", ep.secret());
            ArrayNode types = n.putArray("events");
            ep.events().stream().sorted().forEach(types::add);
            if (ep.description() != null) {
                n.put("description", ep.description());
            }
            n.put("created_at", ep.createdAt().toString());
            n.put("start_after", e.startAfter());
        }
        DurableFiles.replace(dir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root)
                .getBytes(StandardCharsets.UTF_8), true);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("webhooks are closed");
        }
    }

    /** Stops every dispatcher; undelivered events are delivered after the next start. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Dispatcher d : dispatchers.values()) {
            d.stop();
        }
        dispatchers.clear();
    }
}
