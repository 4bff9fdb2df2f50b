package io.visutility.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.visutility.drift.stats.DriftMethod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DetectorsTest {
    private static final ModelKey KEY = ModelKey.of("cam", "1.0.0");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static List<Integer> firing(Detector d, List<Telemetry> stream) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < stream.size(); i++) {
            if (d.analyse(KEY, stream.get(i)).isPresent()) {
                at.add(i);
            }
        }
        return at;
    }

    private static Telemetry accuracy(double a) {
        return new Telemetry.AccuracySample("cam", "1.0.0", T0, a, 100);
    }

    @Test
    void accuracyDecayFiresWhenFirstMinusMeanReachesTheDropAndThenStartsAWholeNewWindow() {
        Detector d = new DetectorSpec.AccuracyDecay(50, 0.05).create();
        List<Telemetry> stream = new ArrayList<>();
        stream.add(accuracy(0.90)); // first of the window
        for (int i = 1; i < 50; i++) {
            stream.add(accuracy(0.90 - 0.05 * 50 / 49.0)); // mean = 0.85 exactly at the 50th sample
        }
        for (int i = 0; i < 49; i++) {
            stream.add(accuracy(0.5)); // a new window needs 50 samples again, first = 0.5: no drop
        }
        assertThat(firing(d, stream)).containsExactly(49);
        Optional<Detection> none = d.analyse(KEY, accuracy(0.5));
        assertThat(none).isEmpty();
    }

    @Test
    void accuracyDecayStaysQuietBelowTheDrop() {
        Detector d = new DetectorSpec.AccuracyDecay(50, 0.05).create();
        List<Telemetry> stream = new ArrayList<>();
        stream.add(accuracy(0.90));
        for (int i = 1; i < 200; i++) {
            stream.add(accuracy(0.87));
        }
        assertThat(firing(d, stream)).isEmpty();
    }

    @Test
    void aSmallPValueMeansDriftAndALargeDistanceToo() {
        Detector d = new DetectorSpec.DriftScoreThreshold(0.05, 0.1).create();
        var p = Telemetry.ScoreKind.P_VALUE;
        var dist = Telemetry.ScoreKind.DISTANCE;
        assertThat(d.analyse(KEY, new Telemetry.DriftScore("cam", null, T0, "ks", 0.01, p))).isPresent();
        assertThat(d.analyse(KEY, new Telemetry.DriftScore("cam", null, T0, "ks", 0.50, p))).isEmpty();
        assertThat(d.analyse(KEY, new Telemetry.DriftScore("cam", null, T0, "psi", 0.10, dist))).isPresent();
        assertThat(d.analyse(KEY, new Telemetry.DriftScore("cam", null, T0, "psi", 0.09, dist))).isEmpty();
        Detection det = d.analyse(KEY, new Telemetry.DriftScore("cam", null, T0, "ks", 0.001, p)).orElseThrow();
        assertThat(det.severity()).isEqualTo(Severity.DRIFT);
        assertThat(det.evidence()).containsEntry("kind", "p_value").containsEntry("threshold", 0.05);
    }

    @Test
    void performanceFloorUsesTheMeanOfPrecisionAndRecall() {
        Detector d = new DetectorSpec.PerformanceFloor(0.7).create();
        assertThat(d.analyse(KEY, new Telemetry.ClassificationMetrics("cam", null, T0, 0.8, 0.6, 0.69))).isEmpty();
        Detection det = d.analyse(KEY, new Telemetry.ClassificationMetrics("cam", null, T0, 0.8, 0.58, 0.67))
                .orElseThrow();
        assertThat((double) det.evidence().get("score")).isEqualTo(0.69, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void errorRateCountsFailuresAmongRecentInferences() {
        Detector d = new DetectorSpec.ErrorRate(0.10, 100, 50).create();
        List<Telemetry> stream = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            stream.add(i % 20 == 0 ? new Telemetry.InferenceError("cam", null, T0, "oom")
                    : new Telemetry.Latency("cam", null, T0, 5)); // 5 % errors
        }
        assertThat(firing(d, stream)).isEmpty();
        List<Telemetry> spike = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            spike.add(new Telemetry.InferenceError("cam", null, T0, "CUDA out of memory"));
        }
        List<Integer> fired = firing(d, spike);
        assertThat(fired).isNotEmpty();
        // the window held 5 errors; spike[0] replaces the oldest entry, itself an error, and each later
        // one a success, so spike[6] makes 11 of 100 > 10 %
        assertThat(fired.get(0)).isEqualTo(6);
    }

    @Test
    void latencyWarnsOnTheWindowMean() {
        Detector d = new DetectorSpec.MaxLatency(100, 10, 10).create();
        List<Telemetry> stream = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            stream.add(new Telemetry.Latency("cam", null, T0, 90));
        }
        for (int i = 0; i < 10; i++) {
            stream.add(new Telemetry.Latency("cam", null, T0, 200));
        }
        // the mean of the last 10 exceeds 100 ms with the first 200 ms one: (9·90 + 200)/10 = 101
        assertThat(firing(d, stream).get(0)).isEqualTo(10);
    }

    @Test
    void ddmOnPredictionErrorsSeesARisingErrorRate() {
        Detector d = new DetectorSpec.Change("ddm", DetectorSpec.Change.Stream.ERRORS, Map.of()).create();
        SplittableRandom r = new SplittableRandom(7);
        List<Telemetry> stream = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            boolean wrong = r.nextDouble() < (i < 1_000 ? 0.1 : 0.4);
            stream.add(new Telemetry.Outcome("cam", null, T0, !wrong, null, null));
        }
        List<Detection> drifts = new ArrayList<>();
        for (Telemetry t : stream) {
            d.analyse(KEY, t).filter(x -> x.severity() == Severity.DRIFT).ifPresent(drifts::add);
        }
        assertThat(drifts).isNotEmpty();
        assertThat((long) drifts.get(0).evidence().get("values_seen")).isBetween(1_001L, 1_300L);
    }

    @Test
    void featureDriftComparesAgainstTheFirstProductionSamplesAndNamesTheFeatures() {
        Detector d = new DetectorSpec.FeatureDrift(DriftMethod.AUTO, 200, 200, 0).create();
        SplittableRandom r = new SplittableRandom(11);
        List<Detection> found = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            double shift = i >= 600 ? 1.0 : 0.0; // brightness and contrast change; sharpness does not
            Telemetry t = new Telemetry.FeatureSample("cam", "1.0.0", T0, Map.of(
                    "brightness", r.nextGaussian() + shift, "contrast", r.nextGaussian() + shift,
                    "sharpness", r.nextGaussian()), Map.of("camera", i % 3 == 0 ? "c1" : "c2"));
            d.analyse(KEY, t).ifPresent(found::add);
        }
        assertThat(found).isNotEmpty();
        // 2 of the 4 features drift from the window starting at sample 600: half, so dataset drift
        Detection first = found.stream().filter(x -> x.severity() == Severity.DRIFT).findFirst().orElseThrow();
        assertThat(first.reason()).contains("brightness").contains("contrast").doesNotContain("sharpness");
        assertThat((double) first.evidence().get("drifted_share")).isEqualTo(0.5);
        assertThat(first.evidence()).containsEntry("window", 200);
    }

    @Test
    void featureDriftStaysQuietOnAStationaryStream() {
        Detector d = new DetectorSpec.FeatureDrift(DriftMethod.KS, 200, 200, 0.001).create();
        SplittableRandom r = new SplittableRandom(5);
        int fired = 0;
        for (int i = 0; i < 5_000; i++) {
            if (d.analyse(KEY, new Telemetry.FeatureSample("cam", "1.0.0", T0,
                    Map.of("brightness", r.nextGaussian()), null)).isPresent()) {
                fired++;
            }
        }
        assertThat(fired).isZero();
    }
}
