package io.visutility.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.visutility.Orchestrator;
import io.visutility.bus.SubscriptionOptions;
import io.visutility.event.DetectionRaised;
import io.visutility.event.JournaledEvent;
import io.visutility.registry.NewVersion;
import io.visutility.registry.RecordedDetection;
import io.visutility.registry.TestConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Telemetry in, detections journaled, on the event bus, and still there after a restart. */
class OrchestratorMonitoringTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private static void register(Orchestrator o, String model) {
        String sha = TestConfig.storeArtifact(o.registry(), "weights of " + model);
        o.registry().register(new NewVersion(model, "1.0.0", sha, Map.of(), Map.of("project", "cams", "pipeline",
                "gate"), Map.of(), null));
    }

    @Test
    void aDetectionIsJournaledPublishedAndSurvivesARestart() throws Exception {
        List<JournaledEvent> published = new CopyOnWriteArrayList<>();
        try (Orchestrator o = Orchestrator.open(TestConfig.fast(dir))) {
            register(o, "detector");
            o.bus().subscribe("watcher", published::add, SubscriptionOptions.live());
            o.setMonitorPolicy("detector", MonitorPolicy.parse("""
                    {"cooldown_seconds": 3600, "detectors": [{"type": "performance_floor", "min": 0.6}]}"""));
            assertThat(o.telemetry().publish(new Telemetry.ClassificationMetrics("detector", "1.0.0", T0, 0.9, 0.9,
                    0.9))).isEqualTo(Publication.ACCEPTED);
            assertThat(o.telemetry().publish(new Telemetry.ClassificationMetrics("detector", "1.0.0",
                    T0.plusSeconds(1), 0.5, 0.4, 0.45))).isEqualTo(Publication.ACCEPTED);
            assertThat(o.telemetry().publish(new Telemetry.ClassificationMetrics("nobody", null, T0, 0.5, 0.4,
                    0.45))).isEqualTo(Publication.REJECTED);
            await().atMost(10, TimeUnit.SECONDS).until(() -> o.registry().detections("detector", null).size() == 1);
            await().atMost(10, TimeUnit.SECONDS).until(() -> published.stream()
                    .anyMatch(e -> e.event() instanceof DetectionRaised));
            assertThat(o.telemetry().rejected()).containsEntry(Rejection.Code.UNKNOWN_MODEL, 1L);
        }
        try (Orchestrator o = Orchestrator.open(TestConfig.fast(dir))) {
            List<RecordedDetection> found = o.registry().detections("detector", null);
            assertThat(found).hasSize(1);
            DetectionRaised d = found.get(0).detection();
            assertThat(d.detector()).isEqualTo("performance_floor");
            assertThat(d.severity()).isEqualTo("drift");
            assertThat(d.version()).isEqualTo("1.0.0");
            assertThat(d.evidence().get("score").asDouble()).isEqualTo(0.45);
            assertThat(d.detectedAt()).isEqualTo(T0.plusSeconds(1));
            assertThat(o.monitorPolicy("detector").cooldownSeconds()).isEqualTo(3600);
            assertThat(o.monitorPolicy("other")).isEqualTo(MonitorPolicy.defaults());
            assertThat(o.registry().detections("detector", T0.plusSeconds(2))).isEmpty();
        }
    }

    @Test
    void projectAndPipelineKeysResolveToTheTaggedModel() throws Exception {
        try (Orchestrator o = Orchestrator.open(TestConfig.fast(dir))) {
            register(o, "gate-detector");
            o.setMonitorPolicy("gate-detector", MonitorPolicy.parse("""
                    {"detectors": [{"type": "drift_score"}]}"""));
            assertThat(o.telemetry().publish(new Telemetry.DriftScore("cams/gate", "1.0.0", T0, "ks", 0.001,
                    Telemetry.ScoreKind.P_VALUE))).isEqualTo(Publication.ACCEPTED);
            await().atMost(10, TimeUnit.SECONDS).until(() -> o.registry().detections("gate-detector", null)
                    .size() == 1);
            assertThat(o.telemetry().publish(new Telemetry.DriftScore("cams/other", "1.0.0", T0, "ks", 0.001,
                    Telemetry.ScoreKind.P_VALUE))).isEqualTo(Publication.REJECTED);
        }
    }

    @Test
    void aPolicyForAnUnknownModelIsRefusedAndNothingIsWritten() throws Exception {
        try (Orchestrator o = Orchestrator.open(TestConfig.fast(dir))) {
            long before = o.registry().store().committedPosition();
            assertThatThrownBy(() -> o.setMonitorPolicy("ghost", MonitorPolicy.defaults()))
                    .hasMessageContaining("no model named 'ghost'");
            assertThat(o.registry().store().committedPosition()).isEqualTo(before);
        }
    }
}
