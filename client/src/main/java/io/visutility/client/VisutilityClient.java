package io.visutility.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/**
 * A client of a VisuTility server's REST API ({@code docs/api.md}), for the two things done from
 * outside: CI registers and promotes model versions, serving endpoints send telemetry.
 *
 * <p>CI: synchronous calls that either return a value or throw a {@link VisutilityException} carrying
 * the HTTP status and the problem document's stable {@code code}.
 *
 * <pre>{@code
 * try (VisutilityClient client = VisutilityClient.builder(URI.create("http://registry:8080"))
 *         .token(System.getenv("VISUTILITY_TOKEN"))
 *         .build()) {
 *     Artifact artifact = client.uploadArtifact(Path.of("build/detector.onnx"));
 *     client.register("detector", Registration.builder("1.1.0", artifact.sha256())
 *             .metric("f1", 0.85).tag("commit", gitSha).build());
 *     client.promote("detector", "1.1.0", "production");
 *     ModelVersion live = client.production("detector").orElseThrow();
 * }
 * }</pre>
 *
 * <p>Serving: {@link #telemetry()} returns the client's one {@link TelemetrySender}, whose calls never
 * block. Closing the client closes it (sending what is queued, within its close timeout).
 *
 * <p>Thread-safe; one client per server is enough for a whole application.
 */
public final class VisutilityClient implements AutoCloseable {
    private final Http http;
    private final TelemetryOptions telemetryOptions;
    private final Clock clock;
    private final ThreadFactory threads;
    /** Guarded by {@code this}: created by the first {@link #telemetry()} call. */
    private TelemetrySender telemetry;
    private boolean closed;

    private VisutilityClient(Builder b) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.http = new Http(client, b.baseUrl, b.token, b.requestTimeout);
        this.telemetryOptions = new TelemetryOptions(b.queueCapacity, b.batchSize, b.linger, b.initialBackoff,
                b.maxBackoff, b.closeTimeout);
        this.clock = b.clock;
        this.threads = b.threads;
    }

    /** A builder for a client of the server at {@code baseUrl}, e.g. {@code http://127.0.0.1:8080}. */
    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /**
     * Streams the file at {@code file} to the server's artifact store ({@code PUT /api/v1/artifacts});
     * the file is never held in memory whole. Storing the same bytes again is harmless.
     *
     * @return the stored artifact's digest and size
     * @throws UncheckedIOException when the file cannot be read
     * @throws VisutilityException when the server refuses it or cannot be reached
     */
    public Artifact uploadArtifact(Path file) {
        long size;
        HttpRequest.BodyPublisher body;
        try {
            size = Files.size(file);
            body = HttpRequest.BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("expected an artifact file at " + file + " but found none", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the artifact file " + file, e);
        }
        HttpRequest request = http.request(http.uri("/api/v1/artifacts"))
                .header("Content-Type", "application/octet-stream")
                .PUT(body)
                .build();
        Artifact stored = read(request, Representations::artifact, http.json(request));
        if (stored.size() != size) {
            throw new VisutilityException(request.method(), request.uri(), 201, VisutilityException.UNEXPECTED_RESPONSE,
                    "expected the server to store " + size + " bytes of " + file + " but it stored " + stored.size()
                            + " (did the file change during the upload?)", null);
        }
        return stored;
    }

    /**
     * Downloads a stored artifact ({@code GET /api/v1/artifacts/{sha256}}) to {@code target}, checking
     * its SHA-256 on the way: the file appears (atomically replaced) only when the bytes are the ones
     * asked for, so a serving endpoint can load {@code production(model).sha256()} safely.
     *
     * <pre>{@code
     * ModelVersion live = client.production("detector").orElseThrow();
     * Path weights = client.downloadArtifact(live.sha256(), Path.of("/models/detector.onnx"));
     * }</pre>
     *
     * @return {@code target}
     * @throws VisutilityException {@code not_found} (404) when nothing is stored under the digest,
     *         {@code unexpected_response} when the bytes do not hash to it
     * @throws UncheckedIOException when {@code target} cannot be written
     */
    public Path downloadArtifact(String sha256, Path target) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("expected a SHA-256 of 64 lower-case hex digits but got '" + sha256 + "'");
        }
        HttpRequest request = http.request(http.uri("/api/v1/artifacts/" + sha256)).GET().build();
        Path dir = target.toAbsolutePath().getParent();
        Path partial = null;
        try {
            Files.createDirectories(dir);
            partial = Files.createTempFile(dir, "." + target.getFileName(), ".partial");
            HttpResponse<Path> response;
            try {
                response = http.client().send(request, HttpResponse.BodyHandlers.ofFile(partial));
            } catch (java.net.http.HttpTimeoutException e) {
                throw new VisutilityException(request.method(), request.uri(), 0, VisutilityException.TIMEOUT,
                        "no answer within the request timeout", e);
            } catch (IOException e) {
                throw new VisutilityException(request.method(), request.uri(), 0, VisutilityException.UNREACHABLE,
                        "cannot reach the server: " + Http.describe(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VisutilityException(request.method(), request.uri(), 0, VisutilityException.INTERRUPTED,
                        "interrupted while downloading", e);
            }
            if (response.statusCode() != 200) {
                throw Http.problem(request, response.statusCode(), response.headers().firstValue("Content-Type")
                        .orElse(""), Files.readAllBytes(partial));
            }
            String actual = sha256Of(partial);
            if (!actual.equals(sha256)) {
                throw new VisutilityException(request.method(), request.uri(), 200,
                        VisutilityException.UNEXPECTED_RESPONSE, "expected artifact bytes hashing to " + sha256
                                + " but they hash to " + actual, null);
            }
            Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            partial = null;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the artifact to " + target, e);
        } finally {
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // a leftover .partial file is harmless
                }
            }
        }
    }

    private static String sha256Of(Path file) throws IOException {
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Registers a version of an uploaded artifact ({@code POST /api/v1/models/{model}/versions}). The
     * same registration again returns the existing version and changes nothing.
     *
     * @throws VisutilityException {@code checksum_conflict} (409) when the version exists with another
     *         artifact, {@code not_found} (404) when the artifact is not stored, {@code invalid_input}
     *         (400) for a malformed name, version or value
     */
    public ModelVersion register(String model, Registration registration) {
        byte[] json = Representations.registration(registration).toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = http.request(http.uri("/api/v1/models/" + segment(model) + "/versions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        return read(request, Representations::version, http.json(request));
    }

    /** {@link #register(String, Registration)} with metrics, tags and params given as maps. */
    public ModelVersion register(String model, String version, String artifactSha256, Map<String, Double> metrics,
            Map<String, String> tags, Map<String, ?> params) {
        return register(model, Registration.builder(version, artifactSha256).metrics(metrics).tags(tags)
                .params(params).build());
    }

    /**
     * Moves {@code alias} (e.g. {@code production}) to {@code version} of {@code model}.
     *
     * @return the version now holding the alias
     * @throws VisutilityException {@code not_found} (404) for an unknown model or version,
     *         {@code deprecated} (409) for a deprecated version, {@code forbidden} (403) for a token
     *         without the admin role
     */
    public ModelVersion promote(String model, String version, String alias) {
        byte[] json = Http.MAPPER.createObjectNode().put("version", version).toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = http.request(aliasUri(model, alias))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        return read(request, Representations::version, http.json(request));
    }

    /** The version of {@code model} holding {@code alias}; empty when none does or the model is unknown. */
    public Optional<ModelVersion> alias(String model, String alias) {
        return find(http.request(aliasUri(model, alias)).GET().build());
    }

    /** The version of {@code model} holding {@code production}; empty when none does. */
    public Optional<ModelVersion> production(String model) {
        return alias(model, "production");
    }

    /** One version of {@code model}; empty when there is no such model or version. */
    public Optional<ModelVersion> version(String model, String version) {
        return find(http.request(http.uri("/api/v1/models/" + segment(model) + "/versions/" + segment(version)))
                .GET().build());
    }

    /**
     * The client's telemetry sender, started by the first call (one background thread). Closing the
     * client closes it.
     *
     * @throws IllegalStateException when the client is closed
     */
    public synchronized TelemetrySender telemetry() {
        if (closed) {
            throw new IllegalStateException("expected an open client but this one is closed");
        }
        if (telemetry == null) {
            telemetry = new TelemetrySender(http, telemetryOptions, clock, threads);
        }
        return telemetry;
    }

    /** Closes the telemetry sender (if started: sends what is queued, within its close timeout), then the HTTP client. */
    @Override
    public void close() {
        TelemetrySender sender;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            sender = telemetry;
        }
        if (sender != null) {
            sender.close();
        }
        http.client().close();
    }

    private Optional<ModelVersion> find(HttpRequest request) {
        HttpResponse<byte[]> response = http.send(request);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw Http.problem(request, response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body());
        }
        try {
            return Optional.of(read(request, Representations::version, Http.MAPPER.readTree(response.body())));
        } catch (IOException e) {
            throw new VisutilityException(request.method(), request.uri(), response.statusCode(),
                    VisutilityException.UNEXPECTED_RESPONSE, "expected a JSON version but got unreadable JSON", e);
        }
    }

    private URI aliasUri(String model, String alias) {
        return http.uri("/api/v1/models/" + segment(model) + "/aliases/" + segment(alias));
    }

    private static <T> T read(HttpRequest request, java.util.function.Function<JsonNode, T> reader, JsonNode json) {
        try {
            return reader.apply(json);
        } catch (IllegalArgumentException e) {
            throw new VisutilityException(request.method(), request.uri(), 200, VisutilityException.UNEXPECTED_RESPONSE,
                    e.getMessage(), e);
        }
    }

    /** {@code value} as one path segment: unreserved characters as they are, everything else percent-encoded. */
    static String segment(String value) {
        Objects.requireNonNull(value, "path segment");
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    /**
     * Settings of a {@link VisutilityClient}; every one has a default that works. {@link #build()}
     * refuses settings that contradict each other.
     *
     * <pre>{@code
     * VisutilityClient client = VisutilityClient.builder(URI.create("http://127.0.0.1:8080"))
     *         .token(token)
     *         .requestTimeout(Duration.ofSeconds(10))
     *         .telemetryQueueCapacity(200_000)
     *         .telemetryBatchSize(2_000)
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private final URI baseUrl;
        private String token;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int queueCapacity = TelemetryOptions.DEFAULTS.queueCapacity();
        private int batchSize = TelemetryOptions.DEFAULTS.batchSize();
        private Duration linger = TelemetryOptions.DEFAULTS.linger();
        private Duration initialBackoff = TelemetryOptions.DEFAULTS.initialBackoff();
        private Duration maxBackoff = TelemetryOptions.DEFAULTS.maxBackoff();
        private Duration closeTimeout = TelemetryOptions.DEFAULTS.closeTimeout();
        private Clock clock = Clock.systemUTC();
        private ThreadFactory threads = Thread.ofPlatform().daemon().name("visutility-telemetry").factory();

        private Builder(URI baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            String scheme = baseUrl.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("expected an http or https URL like http://127.0.0.1:8080 but got '"
                        + baseUrl + "'");
            }
            if (baseUrl.getRawUserInfo() != null) {
                throw new IllegalArgumentException("expected a URL without user:password (use token()) but got one");
            }
            if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
                throw new IllegalArgumentException("expected a URL without query or fragment but got '" + baseUrl + "'");
            }
            // a path prefix (a proxy's /visutility/) is kept: API paths are resolved below it
            this.baseUrl = baseUrl.getRawPath().endsWith("/") ? baseUrl : URI.create(baseUrl + "/");
        }

        /** An API token, sent as {@code Authorization: Bearer}; null (the default) sends none. */
        public Builder token(String token) {
            if (token != null && (token.isBlank() || token.chars().anyMatch(ch -> ch <= ' '))) {
                throw new IllegalArgumentException("expected a token without spaces or control characters");
            }
            this.token = token;
            return this;
        }

        /** How long to wait for a connection (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connect timeout", timeout);
            return this;
        }

        /** How long to wait for each answer (default 30 s); also bounds one telemetry attempt. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("request timeout", timeout);
            return this;
        }

        /** Telemetry events queued before calls start dropping them (default 100,000). */
        public Builder telemetryQueueCapacity(int capacity) {
            this.queueCapacity = capacity;
            return this;
        }

        /** Most telemetry events per request (default 1,000). */
        public Builder telemetryBatchSize(int size) {
            this.batchSize = size;
            return this;
        }

        /** Longest a telemetry event waits for its batch to fill before it is sent anyway (default 200 ms). */
        public Builder telemetryLinger(Duration linger) {
            this.linger = positive("telemetry linger", linger);
            return this;
        }

        /** Delay before the first retry of a failed batch, and the longest delay (defaults 100 ms and 10 s). */
        public Builder telemetryBackoff(Duration initial, Duration max) {
            this.initialBackoff = positive("initial backoff", initial);
            this.maxBackoff = positive("max backoff", max);
            return this;
        }

        /** How long closing waits for queued telemetry to be sent (default 5 s). */
        public Builder telemetryCloseTimeout(Duration timeout) {
            this.closeTimeout = positive("telemetry close timeout", timeout);
            return this;
        }

        /** The clock giving telemetry timestamps when a call gives none (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Makes the telemetry sender's one thread (default: a daemon platform thread). */
        public Builder threadFactory(ThreadFactory threads) {
            this.threads = Objects.requireNonNull(threads, "threads");
            return this;
        }

        public VisutilityClient build() {
            if (queueCapacity < 2 || queueCapacity > 1 << 28) {
                throw new IllegalArgumentException(
                        "expected a telemetry queue capacity within [2, 268435456] but got " + queueCapacity);
            }
            if (batchSize < 1 || batchSize > queueCapacity) {
                throw new IllegalArgumentException("expected a telemetry batch size within [1, queue capacity "
                        + queueCapacity + "] but got " + batchSize);
            }
            if (initialBackoff.compareTo(maxBackoff) > 0) {
                throw new IllegalArgumentException("expected the initial backoff (" + initialBackoff
                        + ") to be at most the max backoff (" + maxBackoff + ")");
            }
            return new VisutilityClient(this);
        }

        private static Duration positive(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("expected a positive " + what + " but got " + d);
            }
            return d;
        }
    }
}
