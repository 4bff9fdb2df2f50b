package io.visutility.drift.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.visutility.drift.ChangeDetector;
import io.visutility.drift.Signal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reset, restart after a drift, and rejected input, for every detector. */
class DetectorLifecycleTest {

    static List<String> names() {
        return ChangeDetectors.names();
    }

    /** The stream on which each detector reports something (its published example). */
    static double[] streamFor(String name) {
        return switch (name) {
            case "adwin", "page-hinkley", "kswin" -> ReferenceStreams.numeric();
            default -> ReferenceStreams.binary();
        };
    }

    static ChangeDetector detector(String name) {
        return name.equals("eddm") ? ChangeDetectors.create(name, Map.of("alpha", "0.8", "beta", "0.75"))
                : ChangeDetectors.create(name);
    }

    @ParameterizedTest
    @MethodSource("names")
    void resetReturnsToInitialBehaviour(String name) {
        double[] stream = streamFor(name);
        ChangeDetector fresh = detector(name);
        Map<String, Object> initialEvidence = fresh.evidence();
        Run first = Run.of(fresh, stream);
        assertThat(first.drifts()).isNotEmpty();

        fresh.reset();

        assertThat(fresh.evidence()).isEqualTo(initialEvidence);
        assertThat(Run.of(fresh, stream)).isEqualTo(first);
    }

    @ParameterizedTest
    @MethodSource("names")
    void resetMidStreamForgetsWhatWasSeen(String name) {
        double[] stream = streamFor(name);
        ChangeDetector detector = detector(name);
        Run.of(detector, Arrays.copyOf(stream, 1200));

        detector.reset();

        assertThat(Run.of(detector, stream)).isEqualTo(Run.of(detector(name), stream));
    }

    /** DDM, EDDM, HDDM_A, HDDM_W and Page-Hinkley restart from nothing after a drift, as in river. */
    @ParameterizedTest
    @ValueSource(strings = {"page-hinkley", "ddm", "eddm", "hddm-a", "hddm-w"})
    void afterADriftBehavesLikeAFreshDetectorOnTheRest(String name) {
        double[] stream = streamFor(name);
        Run run = Run.of(detector(name), stream);
        int drift = run.drifts().get(0);

        Run rest = Run.of(detector(name), Arrays.copyOfRange(stream, drift + 1, stream.length));

        assertThat(run.signals().subList(drift + 1, stream.length)).isEqualTo(rest.signals());
    }

    @Test
    void adwinShrinksItsWindowOnDriftInsteadOfClearingIt() {
        double[] stream = ReferenceStreams.numeric();
        ChangeDetector adwin = ChangeDetectors.create("adwin");
        for (int i = 0; i < 1023; i++) {
            adwin.update(stream[i]);
        }
        assertThat(adwin.evidence()).containsEntry("width", 1023L);

        assertThat(adwin.update(stream[1023])).isEqualTo(Signal.DRIFT);

        Map<String, Object> evidence = adwin.evidence();
        long width = (Long) evidence.get("width");
        assertThat(width).isPositive().isLessThan(1024);
        assertThat((Long) evidence.get("last_dropped")).isEqualTo(1024 - width);
        // What is left is mostly the new regime, whose mean is 5.5 (the old one's is 0.5).
        assertThat((Double) evidence.get("mean")).isGreaterThan(3.0);
        assertThat(evidence).containsEntry("detections", 1L);
    }

    @Test
    void kswinKeepsTheNewestValuesOnDrift() {
        double[] stream = ReferenceStreams.numeric();
        ChangeDetector kswin = ChangeDetectors.create("kswin", Map.of("alpha", "0.0001"));
        for (int i = 0; i <= 1016; i++) {
            kswin.update(stream[i]);
        }

        assertThat(kswin.evidence()).containsEntry("window", 30L).containsEntry("detections", 1L);
        assertThat((Double) kswin.evidence().get("p_value")).isLessThanOrEqualTo(1e-4);
    }

    @ParameterizedTest
    @MethodSource("names")
    void rejectsNonFiniteValuesWithoutChangingState(String name) {
        double[] stream = streamFor(name);
        ChangeDetector detector = detector(name);
        Run expected = Run.of(detector(name), stream);
        Signal[] signals = new Signal[stream.length];

        for (int i = 0; i < stream.length; i++) {
            if (i % 100 == 50) {
                for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                    Map<String, Object> before = detector.evidence();
                    assertThatThrownBy(() -> detector.update(bad))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining(name);
                    assertThat(detector.evidence()).isEqualTo(before);
                }
            }
            signals[i] = detector.update(stream[i]);
        }

        assertThat(signals).containsExactlyElementsOf(expected.signals());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ddm", "hddm-a", "hddm-w"})
    void errorRateDetectorsRejectValuesOutsideTheUnitInterval(String name) {
        ChangeDetector detector = ChangeDetectors.create(name);

        assertThatThrownBy(() -> detector.update(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("detector '" + name + "' expected an error indicator in [0, 1] (1 = wrong prediction),"
                        + " but got 1.5");
        assertThatThrownBy(() -> detector.update(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(detector.update(0.25)).isEqualTo(Signal.NONE);
        assertThat(detector.evidence()).containsEntry("n", 1L);
    }

    @Test
    void eddmAcceptsOnlyRightOrWrong() {
        ChangeDetector eddm = ChangeDetectors.create("eddm");

        assertThatThrownBy(() -> eddm.update(0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("detector 'eddm' expected 0 (correct prediction) or 1 (wrong prediction), but got 0.5");
        assertThat(eddm.evidence()).containsEntry("n", 0L);
    }

    @Test
    void ddmWarningsComeBeforeTheDriftAndStopWithIt() {
        Run run = Run.of(ChangeDetectors.create("ddm"), ReferenceStreams.binary());

        // Warnings during the run-up (1084..1333) and none in the 30 values of warm start after it.
        assertThat(run.signals().subList(1320, 1334)).contains(Signal.WARNING);
        assertThat(run.signals().subList(1335, 1335 + 31)).containsOnly(Signal.NONE);
    }
}
