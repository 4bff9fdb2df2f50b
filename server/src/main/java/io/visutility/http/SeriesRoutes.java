package io.visutility.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.visutility.event.DetectionRaised;
import io.visutility.registry.RecordedDetection;
import io.visutility.registry.Registry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/models/{name}/series?since=<epoch ms>}: a model's per-second telemetry series
 * from {@link TelemetrySeries}, with the model's detections that fall in the returned range. Measures
 * without data in a bucket ({@code accuracy}, {@code accuracy_samples}, {@code latency_ms},
 * {@code version}) are left out; counts are always written, {@code features}, {@code drift} and
 * {@code scores} always as (possibly empty) objects.
 */
final class SeriesRoutes {
    private static final String PATH = "/api/v1/models/{name}/series";

    private final Registry registry;
    private final TelemetrySeries series;

    SeriesRoutes(Registry registry, TelemetrySeries series) {
        this.registry = registry;
        this.series = series;
    }

    void register(HttpRouting.Builder routing) {
        routing.get(PATH, this::series);
        MethodNotAllowed.register(routing, PATH, Method.GET);
    }

    private void series(ServerRequest req, ServerResponse res) {
        String name = ModelRoutes.requireModel(registry, ModelRoutes.param(req, "name")).name();
        Optional<String> sinceText = req.query().first("since").asOptional();
        long since = sinceText.map(SeriesRoutes::since).orElse(Long.MIN_VALUE);
        List<TelemetrySeries.Point> points = series.points(name, since);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", name);
        body.put("step_ms", TelemetrySeries.STEP_MS);
        ArrayNode out = body.putArray("points");
        for (TelemetrySeries.Point p : points) {
            out.add(point(p));
        }
        ArrayNode detections = body.putArray("detections");
        if (!points.isEmpty()) {
            long from = sinceText.isPresent() ? Math.max(since, points.get(0).t()) : points.get(0).t();
            long to = points.get(points.size() - 1).t() + TelemetrySeries.STEP_MS;
            for (RecordedDetection r : registry.detections(name, Instant.ofEpochMilli(from))) {
                DetectionRaised d = r.detection();
                long t = d.detectedAt().toEpochMilli();
                if (t >= from && t < to) {
                    ObjectNode o = detections.addObject();
                    o.put("t", t);
                    o.put("position", r.position());
                    o.put("version", d.version());
                    o.put("detector", d.detector());
                    o.put("severity", d.severity());
                    o.put("reason", d.reason());
                }
            }
        }
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        Json.send(res, 200, body);
    }

    private static ObjectNode point(TelemetrySeries.Point p) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("t", p.t());
        if (p.version() != null) {
            o.put("version", p.version());
        }
        o.put("count", p.count());
        o.put("outcomes", p.outcomes());
        o.put("correct", p.correct());
        if (p.accuracy() != null) {
            o.put("accuracy", p.accuracy());
        }
        if (p.accuracySampleMean() != null) {
            o.putObject("accuracy_samples").put("count", p.accuracySamples()).put("mean", p.accuracySampleMean());
        }
        if (p.latencyMean() != null) {
            o.putObject("latency_ms").put("count", p.latencyCount()).put("mean", p.latencyMean())
                    .put("p95", p.latencyP95());
        }
        o.put("errors", p.errors());
        numbers(o.putObject("features"), p.features());
        numbers(o.putObject("drift"), p.drift());
        numbers(o.putObject("scores"), p.scores());
        return o;
    }

    private static void numbers(ObjectNode o, Map<String, Double> values) {
        values.forEach(o::put);
    }

    private static long since(String text) {
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw RequestBodies.invalid("expected 'since' to be epoch milliseconds (a whole number >= 0) but got '"
                    + Texts.abbreviate(text) + "'");
        }
        if (value < 0) {
            throw RequestBodies.invalid("expected 'since' to be epoch milliseconds >= 0 but got " + value);
        }
        return value;
    }
}
