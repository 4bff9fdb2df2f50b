package io.visutility.drift.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.visutility.drift.ChangeDetector;
import io.visutility.drift.Signal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EvidenceTest {

    static List<String> names() {
        return ChangeDetectors.names();
    }

    @ParameterizedTest
    @MethodSource("names")
    void evidenceIsSnakeCaseAndPlainJsonAtEveryStep(String name) {
        ChangeDetector detector = DetectorLifecycleTest.detector(name);
        assertPlain(detector.evidence());
        for (double value : DetectorLifecycleTest.streamFor(name)) {
            detector.update(value);
            assertPlain(detector.evidence());
        }
    }

    private static void assertPlain(Map<String, Object> evidence) {
        assertThat(evidence).allSatisfy((key, value) -> {
            assertThat(key).matches("[a-z][a-z0-9_]*");
            assertThat(value).isInstanceOfAny(Long.class, Double.class, Boolean.class, String.class);
            if (value instanceof Double d) {
                assertThat(d).isFinite();
            }
        });
    }

    @Test
    void adwinReportsItsWindow() {
        ChangeDetector adwin = ChangeDetectors.create("adwin");
        for (double v : new double[] {1, 2, 3, 4}) {
            adwin.update(v);
        }

        assertThat(adwin.evidence()).containsEntry("width", 4L).containsEntry("total", 10.0)
                .containsEntry("mean", 2.5).containsEntry("variance", 1.25).containsEntry("detections", 0L)
                .containsKey("buckets");
    }

    @Test
    void pageHinkleyReportsItsSumsAndMean() {
        ChangeDetector ph = ChangeDetectors.create("page-hinkley", Map.of("alpha", "1"));
        ph.update(1);
        ph.update(3);

        // mean 1 then 2; deviations 0 then 1; sums of (deviation - 0.005) and (deviation + 0.005).
        assertThat(ph.evidence()).containsEntry("n", 2L).containsEntry("mean", 2.0)
                .containsEntry("sum_increase", -0.005 + (1 - 0.005))
                .containsEntry("min_increase", -0.005)
                .containsEntry("sum_decrease", 0.005 + 1.005)
                .containsEntry("max_decrease", 0.005 + 1.005)
                .containsEntry("mode", "both");
    }

    @Test
    void ddmReportsTheLevelsThatCausedADrift() {
        ChangeDetector ddm = ChangeDetectors.create("ddm");
        double[] stream = ReferenceStreams.binary();
        for (int i = 0; i <= 1334; i++) {
            ddm.update(stream[i]);
        }

        Map<String, Object> evidence = ddm.evidence();
        assertThat(evidence).containsEntry("detections", 1L).containsKeys("p", "s", "p_min", "s_min", "n");
        assertThat((Double) evidence.get("p_plus_s")).isGreaterThan((Double) evidence.get("drift_level"));
        assertThat((Double) evidence.get("p_min_plus_s_min"))
                .isEqualTo((Double) evidence.get("p_min") + (Double) evidence.get("s_min"));

        ddm.update(0);

        assertThat(ddm.evidence()).containsEntry("n", 1L).containsEntry("p", 0.0).containsEntry("detections", 1L);
    }

    @Test
    void hddmReportsTheGapAndItsBounds() {
        for (String name : List.of("hddm-a", "hddm-w")) {
            ChangeDetector hddm = ChangeDetectors.create(name);
            double[] stream = ReferenceStreams.binary();
            Signal last = Signal.NONE;
            for (int i = 0; last != Signal.DRIFT; i++) {
                last = hddm.update(stream[i]);
            }

            Map<String, Object> evidence = hddm.evidence();
            assertThat((Double) evidence.get("increase")).as(name)
                    .isGreaterThan((Double) evidence.get("drift_bound"));
            assertThat((Double) evidence.get("warning_bound")).as(name)
                    .isLessThan((Double) evidence.get("drift_bound"));
        }
    }

    @Test
    void eddmReportsDistancesBetweenErrors() {
        ChangeDetector eddm = ChangeDetectors.create("eddm");
        for (double v : new double[] {1, 0, 0, 1, 0, 1}) {
            eddm.update(v);
        }

        // Distances 1, 3, 2: mean 2, sample standard deviation 1.
        assertThat(eddm.evidence()).containsEntry("n", 6L).containsEntry("errors", 3L)
                .containsEntry("mean_distance", 2.0).containsEntry("std_distance", 1.0)
                .containsEntry("m2s", 4.0);
    }
}
