package io.visutility.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.visutility.Orchestrator;
import io.visutility.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.visutility.mlflow.MlflowRoutes;
import io.visutility.monitor.RegistryCatalog;
import io.visutility.monitor.TelemetryBus;
import java.util.concurrent.atomic.AtomicLong;
import io.visutility.webhooks.Webhooks;

/**
 * The REST API over one open {@link Orchestrator}: a Helidon SE web server whose handlers run on
 * virtual threads. It does not own the orchestrator; whoever opened it closes it after
 * {@link #close()}.
 */
public final class ApiServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());
    /** The telemetry-bus observer name of a server's {@link TelemetrySeries} (with a per-server suffix). */
    static final String SERIES_OBSERVER = "dashboard-series";
    private static final long SERIES_SEED = 0x5e71e5L;
    private static final AtomicLong SERVERS = new AtomicLong();

    /**
     * Where and how to serve.
     *
     * @param address the address to listen on; beyond loopback, API tokens are required
     * @param port the TCP port, 0 for any free one
     * @param webhooks how webhook deliveries are paced
     * @param shutdownGrace how long a stop waits for requests in flight
     */
    public record Settings(InetAddress address, int port, Webhooks.Options webhooks, Duration shutdownGrace) {
        public static Settings of(InetAddress address, int port) {
            return new Settings(address, port, Webhooks.Options.defaults(), Duration.ofSeconds(10));
        }

        public Settings withWebhooks(Webhooks.Options options) {
            return new Settings(address, port, options, shutdownGrace);
        }
    }

    private final WebServer server;
    private final ServerMetrics metrics;
    private final EventRoutes events;
    private final Webhooks webhooks;
    private final Access access;
    private final Drain drain;
    private final Duration grace;
    private final TelemetryBus telemetry;
    private final String seriesObserver;

    private ApiServer(WebServer server, ServerMetrics metrics, EventRoutes events, Webhooks webhooks, Access access,
            Drain drain, Duration grace, TelemetryBus telemetry, String seriesObserver) {
        this.telemetry = telemetry;
        this.seriesObserver = seriesObserver;
        this.drain = drain;
        this.grace = grace;
        this.server = server;
        this.metrics = metrics;
        this.events = events;
        this.webhooks = webhooks;
        this.access = access;
    }

    /** Starts serving on {@code address:port} with default settings: see {@link #start(Orchestrator, Settings)}. */
    public static ApiServer start(Orchestrator orchestrator, InetAddress address, int port) {
        return start(orchestrator, Settings.of(address, port));
    }

    /**
     * Starts serving: loads the data directory's API tokens and webhook endpoints and starts
     * delivering to them.
     *
     * @throws IllegalStateException when the address is not loopback and no API token exists
     * @throws UncheckedIOException when it cannot listen there (the port is taken, the address is not
     *     local) or the token or webhook file cannot be read
     */
    public static ApiServer start(Orchestrator orchestrator, Settings settings) {
        byte[] openApi = openApiDocument();
        boolean remote = !settings.address().isLoopbackAddress();
        ApiTokens tokens;
        try {
            tokens = ApiTokens.in(orchestrator.dataDir(), Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API tokens", e);
        }
        if (remote && tokens.isEmpty()) {
            throw new IllegalStateException("listening on " + settings.address().getHostAddress()
                    + " needs API tokens, and there are none: create one with 'visutility token create --role admin'"
                    + " (or listen on 127.0.0.1)");
        }
        Access access = new Access(tokens, remote);
        if (!access.required()) {
            LOG.log(System.Logger.Level.WARNING, "no API tokens exist: the API is open to every local process"
                    + " (create one with 'visutility token create --role admin' to require tokens)");
        }
        Webhooks webhooks;
        try {
            webhooks = Webhooks.open(orchestrator.dataDir(), orchestrator.bus(),
                    () -> orchestrator.registry().store().committedPosition(), Clock.systemUTC(), settings.webhooks());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the webhook endpoints", e);
        }
        ServerMetrics metrics = new ServerMetrics(orchestrator);
        // the dashboard's charts: the last hour of telemetry per second, fed by its own bus observer
        TelemetrySeries series = new TelemetrySeries(new RegistryCatalog(orchestrator.registry()), SERIES_SEED);
        String seriesObserver = SERIES_OBSERVER + "-" + SERVERS.incrementAndGet();
        DashboardRoutes dashboard = new DashboardRoutes();
        EventRoutes events = new EventRoutes(orchestrator.bus(), orchestrator.registry().store());
        Drain drain = new Drain();
        WebServer server;
        try {
            server = WebServer.builder()
                    .address(settings.address())
                    .port(settings.port())
                    .shutdownGracePeriod(settings.shutdownGrace())
                    .shutdownHook(false) // the caller decides when to stop, before it closes the journal
                    .directHandlers(d -> {
                        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
                            d.addHandler(type, Problems::direct);
                        }
                    })
                    .routing(r -> routes(r, orchestrator, openApi, metrics, access, events, webhooks, drain,
                            new SeriesRoutes(orchestrator.registry(), series), dashboard))
                    .build()
                    .start();
        } catch (RuntimeException e) {
            webhooks.close();
            metrics.close();
            throw e;
        }
        // Helidon logs a listener that failed to bind and returns a server that is not running
        if (!server.isRunning() || server.port() < 0) {
            server.stop();
            webhooks.close();
            metrics.close();
            throw new UncheckedIOException("cannot listen on " + settings.address().getHostAddress() + ":"
                    + settings.port(), new BindException("the port is in use or the address is not available"));
        }
        try {
            orchestrator.telemetry().register(seriesObserver, series);
        } catch (RuntimeException e) {
            events.close();
            server.stop();
            webhooks.close();
            metrics.close();
            throw e;
        }
        Gauge.builder("visutility.events.subscribers", events, EventRoutes::subscribers)
                .description("Open live-event streams").register(metrics.registry());
        Gauge.builder("visutility.http.requests.in.flight", drain, Drain::inFlight)
                .description("Requests being handled, including open live-event streams").register(metrics.registry());
        return new ApiServer(server, metrics, events, webhooks, access, drain, settings.shutdownGrace(),
                orchestrator.telemetry(), seriesObserver);
    }

    private static void routes(HttpRouting.Builder r, Orchestrator orchestrator, byte[] openApi,
            ServerMetrics metrics, Access access, EventRoutes events, Webhooks webhooks, Drain drain,
            SeriesRoutes series, DashboardRoutes dashboard) {
        r.addFilter(drain);
        r.addFilter(new PathGuard());
        r.addFilter(metrics);
        r.addFilter(access);
        r.get("/health", (req, res) -> Json.send(res, 200, Json.MAPPER.createObjectNode().put("status", "up")));
        r.get("/api/v1/openapi.json", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, Json.MEDIA_TYPE);
            res.send(openApi);
        });
        MethodNotAllowed.register(r, "/health", Method.GET);
        MethodNotAllowed.register(r, "/api/v1/openapi.json", Method.GET);
        metrics.register(r);
        events.register(r);
        new WebhookRoutes(webhooks).register(r);
        new ArtifactRoutes(orchestrator.registry().artifacts()).register(r);
        new ModelRoutes(orchestrator.registry()).register(r);
        new TelemetryRoutes(orchestrator.telemetry()).register(r);
        new MonitorRoutes(orchestrator).register(r);
        new RetrainRoutes(orchestrator).register(r);
        new MlflowRoutes(orchestrator.registry()).register(r);
        series.register(r);
        dashboard.register(r);
        r.any((req, res) -> {
            throw new RegistryException(RegistryException.Code.NOT_FOUND, "no endpoint "
                    + req.prologue().method().text() + " " + Texts.abbreviate(req.path().path()));
        });
        r.error(Exception.class, Problems::handle);
    }

    private static byte[] openApiDocument() {
        try (InputStream in = ApiServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the server's resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port it listens on (the one picked when started with port 0). */
    public int port() {
        return server.port();
    }

    /** Whether requests need an API token right now (beyond loopback, or once any token exists). */
    public boolean tokensRequired() {
        return access.required();
    }

    /** The server's meters (what {@code GET /metrics} shows). */
    public MeterRegistry meters() {
        return metrics.registry();
    }

    /**
     * Stops gracefully: ends live-event streams, answers new requests 503, lets requests in flight
     * finish (up to the grace period), stops the web server, then stops webhook deliveries (each
     * resumes from its cursor next time).
     */
    @Override
    public void close() {
        events.close();
        if (!drain.drain(grace)) {
            LOG.log(System.Logger.Level.WARNING, "stopping with requests still in flight after " + grace.toSeconds()
                    + " s; their clients get no answer (their writes, if acknowledged later, are not lost)");
        }
        server.stop();
        unregisterSeries();
        webhooks.close();
        metrics.close();
    }

    private void unregisterSeries() {
        try {
            telemetry.unregister(seriesObserver);
        } catch (IllegalArgumentException e) {
            // the orchestrator closed its telemetry bus first, which stopped every observer
        }
    }
}
