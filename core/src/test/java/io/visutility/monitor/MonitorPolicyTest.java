package io.visutility.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorPolicyTest {

    @Test
    void theDefaultPolicyRoundTripsThroughJson() {
        MonitorPolicy p = MonitorPolicy.defaults();
        String json = p.toJson();
        assertThat(json).contains("\"type\" : \"feature_drift\"").contains("\"method\" : \"auto\"")
                .contains("\"cooldown_seconds\" : 60");
        assertThat(MonitorPolicy.parse(json)).isEqualTo(p);
    }

    @Test
    void readsAPolicyWithDefaultsForOmittedFields() {
        MonitorPolicy p = MonitorPolicy.parse("""
                {"cooldown_seconds": 5, "detectors": [
                  {"type": "latency", "max_ms": 250},
                  {"type": "change", "detector": "adwin", "stream": "accuracy", "params": {"delta": "0.01"}},
                  {"type": "feature_drift", "method": "psi", "window": 100}]}""");
        assertThat(p.cooldownSeconds()).isEqualTo(5);
        assertThat(p.detectors().get(0)).isEqualTo(new DetectorSpec.MaxLatency(250, 100, 20));
        assertThat(p.detectors()).hasSize(3);
    }

    @Test
    void refusesBadPoliciesSayingWhatAndWhere() {
        assertThatThrownBy(() -> MonitorPolicy.parse("{\"detectors\": [{\"type\": \"latency\", \"max_ms\": -1}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max_ms > 0 but got -1");
        assertThatThrownBy(() -> MonitorPolicy.parse("{\"detectors\": [{\"type\": \"telepathy\"}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("telepathy");
        assertThatThrownBy(() -> MonitorPolicy.parse("{\"detectors\": [{\"type\": \"latency\", \"max_ms\": 5,"
                + " \"colour\": 1}]}")).hasMessageContaining("colour");
        assertThatThrownBy(() -> MonitorPolicy.parse("{\"detectors\": [{\"type\": \"change\", \"detector\": \"adwin\","
                + " \"params\": {\"delta\": \"2\"}}]}")).hasMessageContaining("delta");
        assertThatThrownBy(() -> MonitorPolicy.parse("{\"detectors\": []}"))
                .hasMessageContaining("at least one detector");
        assertThatThrownBy(() -> MonitorPolicy.parse("{\"detectors\": [{\"type\": \"performance_floor\", \"min\": 0.5},"
                + " {\"type\": \"performance_floor\", \"min\": 0.6}]}")).hasMessageContaining("twice");
        assertThatThrownBy(() -> MonitorPolicy.parse("{nope")).hasMessageContaining("not valid JSON");
    }

    @Test
    void replayAppliesTheCooldownOnTelemetryTime() {
        MonitorPolicy p = MonitorPolicy.parse("""
                {"cooldown_seconds": 60, "detectors": [{"type": "performance_floor", "min": 0.5}]}""");
        List<Telemetry> stream = new ArrayList<>();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int s = 0; s < 180; s += 10) {
            stream.add(new Telemetry.ClassificationMetrics("cam", "1.0.0", t0.plusSeconds(s), 0.3, 0.3, 0.3));
        }
        List<Rejection> rejected = new ArrayList<>();
        List<Detection> found = Monitor.replay(p, stream, new TelemetryValidator(ModelCatalog.any()), rejected::add);
        assertThat(found).extracting(Detection::at).containsExactly(t0, t0.plusSeconds(60), t0.plusSeconds(120));
        assertThat(rejected).isEmpty();
    }

    @Test
    void aWarningsCooldownDoesNotHideTheDriftThatFollows() throws Exception {
        MonitorPolicy p = MonitorPolicy.parse("""
                {"cooldown_seconds": 3600, "detectors": [{"type": "change", "detector": "ddm", "stream": "errors"}]}""");
        List<Telemetry> stream = new ArrayList<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 3_000; i++) {
            boolean wrong = r.nextDouble() < (i < 1_000 ? 0.05 : 0.5);
            stream.add(TelemetryJson.read("{\"type\":\"outcome\",\"model\":\"cam\",\"at\":\""
                    + t0.plusSeconds(i) + "\",\"correct\":" + !wrong + "}"));
        }
        List<Detection> found = Monitor.replay(p, stream, new TelemetryValidator(ModelCatalog.any()), x -> { });
        assertThat(found).extracting(Detection::severity).contains(Severity.WARNING, Severity.DRIFT);
        assertThat(found.stream().filter(d -> d.severity() == Severity.DRIFT).count()).isEqualTo(1);
    }

    @Test
    void telemetryJsonReadsEveryKindAndRefusesMissingNumbers() throws Exception {
        Telemetry t = TelemetryJson.read(
                "{\"type\":\"outcome\",\"model\":\"cam\",\"at\":\"2026-01-01T00:00:00Z\",\"correct\":false}");
        assertThat(((Telemetry.Outcome) t).correct()).isFalse();
        assertThat(((Telemetry.Outcome) t).predictionWasRight()).isFalse();
        assertThat(TelemetryJson.read(TelemetryJson.write(t))).isEqualTo(t);
        assertThat(TelemetryJson.write(t)).contains("\"type\":\"outcome\"").doesNotContain("prediction_was_right");
        assertThatThrownBy(() -> TelemetryJson.read(
                "{\"type\":\"latency\",\"model\":\"cam\",\"at\":\"2026-01-01T00:00:00Z\"}"))
                .hasMessageContaining("millis");
    }
}
