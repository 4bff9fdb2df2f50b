package io.visutility.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.visutility.monitor.Telemetry;
import io.visutility.monitor.TelemetryJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The client's NDJSON is read back by the server's own strict telemetry reader into the same values. */
class NdjsonEncoderTest {
    private static final Instant AT = Instant.parse("2026-03-01T08:20:00.123Z");

    @Test
    void everyKindIsReadByTheServersStrictReaderIntoTheSameValues() throws Exception {
        List<TelemetryEvent> events = List.of(
                new TelemetryEvent.Latency("detector", "1.1.0", AT, 41.5),
                new TelemetryEvent.Outcome("detector", "1.1.0", AT, true, null, null),
                new TelemetryEvent.Outcome("detector", null, AT, null, "car", "bus"),
                new TelemetryEvent.Accuracy("detector", "1.1.0", AT, 0.91, 500),
                new TelemetryEvent.Classification("detector", "1.1.0", AT, 0.8, 0.7, 0.75),
                new TelemetryEvent.DriftScore("detector", "1.1.0", AT, "ks", 0.01, TelemetryEvent.ScoreKind.P_VALUE),
                new TelemetryEvent.InferenceError("detector", "1.1.0", AT, "CUDA out of memory \"quoted\"\n"),
                new TelemetryEvent.Features("detector", "1.1.0", AT, Map.of("brightness", 0.42), Map.of("camera", "c7")),
                new TelemetryEvent.Custom("detector", "1.1.0", AT, "queue",
                        JsonNodeFactory.instance.objectNode().put("depth", 3)));

        String[] lines = new String(new NdjsonEncoder().encode(events), StandardCharsets.UTF_8).split("\n", -1);
        assertThat(lines).hasSize(events.size() + 1);
        assertThat(lines[events.size()]).isEmpty();

        List<Telemetry> read = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            read.add(TelemetryJson.read(lines[i]));
        }
        assertThat(read).containsExactly(
                new Telemetry.Latency("detector", "1.1.0", AT, 41.5),
                new Telemetry.Outcome("detector", "1.1.0", AT, true, null, null),
                new Telemetry.Outcome("detector", null, AT, null, "car", "bus"),
                new Telemetry.AccuracySample("detector", "1.1.0", AT, 0.91, 500),
                new Telemetry.ClassificationMetrics("detector", "1.1.0", AT, 0.8, 0.7, 0.75),
                new Telemetry.DriftScore("detector", "1.1.0", AT, "ks", 0.01, Telemetry.ScoreKind.P_VALUE),
                new Telemetry.InferenceError("detector", "1.1.0", AT, "CUDA out of memory \"quoted\"\n"),
                new Telemetry.FeatureSample("detector", "1.1.0", AT, Map.of("brightness", 0.42), Map.of("camera", "c7")),
                new Telemetry.CustomMetric("detector", "1.1.0", AT, "queue",
                        JsonNodeFactory.instance.objectNode().put("depth", 3)));
        assertThat(lines[0]).isEqualTo(
                "{\"type\":\"latency\",\"model\":\"detector\",\"version\":\"1.1.0\",\"at\":\"2026-03-01T08:20:00.123Z\",\"millis\":41.5}");
    }

    @Test
    void backoffDoublesFromTheInitialDelayUpToTheMaxWithJitterInTheUpperHalf() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), new SplittableRandom(7));
        for (int attempt = 0; attempt < 64; attempt++) {
            long ceiling = Math.min(Duration.ofMillis(100).toNanos() << Math.min(attempt, 20),
                    Duration.ofSeconds(10).toNanos());
            long d = backoff.delayNanos(attempt);
            assertThat(d).as("attempt %d", attempt).isBetween(ceiling / 2, ceiling);
        }
    }
}
