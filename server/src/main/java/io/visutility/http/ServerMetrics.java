package io.visutility.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.visutility.Orchestrator;
import io.visutility.bus.Subscription;
import io.visutility.bus.SubscriptionOptions;
import io.visutility.event.DetectionRaised;
import io.visutility.event.EventType;
import io.visutility.monitor.Rejection;
import io.visutility.registry.JobState;
import io.visutility.registry.RetrainJob;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server's Prometheus metrics (Micrometer), scraped at {@code GET /metrics}: HTTP requests by
 * route and status, telemetry accepted and rejected, journal events and detections, jobs by state,
 * journal commit latency and batch size, live-event subscribers, and the JVM's own.
 */
public final class ServerMetrics implements Filter, AutoCloseable {
    private static final java.util.concurrent.atomic.AtomicLong INSTANCES = new java.util.concurrent.atomic.AtomicLong();
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Subscription events;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private volatile CachedJobs jobs = new CachedJobs(0, Map.of());
    /** One timer per (method, route pattern, status), found without building a meter id per request. */
    private final Map<RequestKey, Timer> requestTimers = new java.util.concurrent.ConcurrentHashMap<>();

    private record RequestKey(String method, String route, int status) {}

    private record CachedJobs(long at, Map<JobState, Long> counts) {}

    public ServerMetrics(Orchestrator orchestrator) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);

        var telemetry = orchestrator.telemetry();
        FunctionCounter.builder("visutility.telemetry.accepted", telemetry, t -> t.accepted())
                .description("Telemetry events accepted for monitoring").baseUnit("events").register(registry);
        for (Rejection.Code code : Rejection.Code.values()) {
            FunctionCounter.builder("visutility.telemetry.rejected", telemetry,
                            t -> t.rejected().getOrDefault(code, 0L))
                    .description("Telemetry events rejected, by reason").baseUnit("events")
                    .tag("reason", code.jsonName()).register(registry);
        }

        var store = orchestrator.registry().store();
        Timer commits = Timer.builder("visutility.journal.commit").description(
                        "Time to write one commit batch to the journal and fsync it")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(2)).register(registry);
        DistributionSummary batch = DistributionSummary.builder("visutility.journal.batch.events")
                .description("Events per journal commit batch (group commit)").baseUnit("events")
                .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(4096.0).register(registry);
        store.onCommit((n, nanos) -> {
            commits.record(nanos, TimeUnit.NANOSECONDS);
            batch.record(n);
        });
        Gauge.builder("visutility.journal.position", store, s -> s.committedPosition())
                .description("Position of the last durable journal event").register(registry);
        Gauge.builder("visutility.models", orchestrator.registry(), r -> r.modelCount())
                .description("Registered models").register(registry);
        Gauge.builder("visutility.versions", orchestrator.registry(), r -> r.versionCount())
                .description("Registered model versions").register(registry);
        for (JobState state : JobState.values()) {
            Gauge.builder("visutility.jobs", orchestrator, o -> jobCount(o, state))
                    .description("Retrain jobs by state").tag("state", state.jsonName()).register(registry);
        }
        Gauge.builder("visutility.detections.unrecorded", orchestrator, o -> o.detectionsNotRecorded())
                .description("Detections that could not be journaled (queue full)").register(registry);

        events = orchestrator.bus().subscribe("metrics-" + INSTANCES.incrementAndGet(), e -> {
            String type = EventType.of(e.event()).name().toLowerCase(java.util.Locale.ROOT);
            Counter.builder("visutility.journal.events").description("Events journaled, by type")
                    .tag("type", type).register(registry).increment();
            if (e.event() instanceof DetectionRaised d) {
                Counter.builder("visutility.detections").description("Detections raised, by model and severity")
                        .tag("model", d.model()).tag("severity", d.severity()).register(registry).increment();
            }
        }, SubscriptionOptions.live());
    }

    private double jobCount(Orchestrator o, JobState state) {
        CachedJobs c = jobs;
        long now = System.nanoTime();
        if (now - c.at() > 500_000_000L || c.counts().isEmpty() && c.at() == 0) {
            Map<JobState, Long> counts = new EnumMap<>(JobState.class);
            List<RetrainJob> all = o.registry().jobs().list(null);
            for (RetrainJob j : all) {
                counts.merge(j.state(), 1L, Long::sum);
            }
            c = new CachedJobs(now, counts);
            jobs = c;
        }
        return c.counts().getOrDefault(state, 0L);
    }

    public MeterRegistry registry() {
        return registry;
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/metrics", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE);
            res.send(registry.scrape().getBytes(StandardCharsets.UTF_8));
        });
        MethodNotAllowed.register(routing, "/metrics", io.helidon.http.Method.GET);
    }

    /** Times every request by method, route pattern (never the raw path) and status. */
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            RequestKey key = new RequestKey(req.prologue().method().text(), req.matchingPattern().orElse("unmatched"),
                    res.status().code());
            requestTimers.computeIfAbsent(key, k -> Timer.builder("http.server.requests")
                            .description("HTTP requests by method, route and status").tag("method", k.method())
                            .tag("route", k.route()).tag("status", Integer.toString(k.status())).register(registry))
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void close() {
        events.close();
        gc.close();
        registry.close();
    }
}
