package io.visutility.drift.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KswinTest {

    /**
     * With window 60 and samples of 30, the draw takes all 30 older values, so the test is exactly
     * {@code scipy.stats.ks_2samp(older, newest)}; expected values from scipy 1.17 (method "auto",
     * exact here), one case with ties.
     */
    @ParameterizedTest
    @CsvSource({
        "0.75, 1.0, 0.26666666666666666, 0.23907300248018645",
        "0.2,  1.1, 0.16666666666666666, 0.8079631540901643"})
    void pValueMatchesScipysTwoSampleTest(double shift, double scale, double statistic, double pValue) {
        Kswin kswin = new Kswin(0.005, 60, 30, 1);
        double[] older = new double[30];
        for (int i = 0; i < 30; i++) {
            older[i] = ((i * 7) % 30) / 10.0;
            kswin.update(older[i]);
        }
        for (int i = 0; i < 30; i++) {
            kswin.update(older[i] * scale + shift);
        }

        assertThat((Double) kswin.evidence().get("statistic")).isCloseTo(statistic, within(1e-15));
        assertThat((Double) kswin.evidence().get("p_value")).isCloseTo(pValue, withinPercentage(1e-10));
    }

    @Test
    void pValueWithTiesMatchesScipyWhichDoesNotCorrectForThem() {
        Kswin kswin = new Kswin(0.005, 60, 30, 1);
        for (int i = 0; i < 30; i++) {
            kswin.update(i < 15 ? 0 : 1);
        }
        for (int i = 0; i < 30; i++) {
            kswin.update(i < 10 ? 0 : i < 20 ? 1 : 5);
        }

        assertThat((Double) kswin.evidence().get("statistic")).isCloseTo(1.0 / 3, within(1e-15));
        assertThat((Double) kswin.evidence().get("p_value")).isCloseTo(0.07088798787114439, withinPercentage(1e-10));
    }

    /** Outputs of CPython 3.11's {@code random.Random(42)}, recorded with the interpreter. */
    @Test
    void pythonDrawReplaysCpythonsMersenneTwisterAndSample() {
        PythonRandomDraw bits = new PythonRandomDraw(42);
        assertThat(List.of(bits.next32(), bits.next32(), bits.next32()))
                .containsExactly(2746317213L, 478163327L, 107420369L);

        PythonRandomDraw draw = new PythonRandomDraw(42);
        int[] first = new int[30];
        int[] second = new int[30];
        draw.choose(70, first);
        draw.choose(70, second);
        assertThat(first).containsExactly(14, 3, 35, 31, 28, 17, 13, 43, 47, 57, 34, 5, 37, 27, 2, 1, 58, 63, 69, 32,
                38, 54, 67, 12, 45, 41, 59, 26, 51, 65);
        assertThat(second).containsExactly(35, 0, 20, 54, 43, 69, 19, 13, 61, 48, 21, 6, 5, 24, 58, 22, 66, 38, 16,
                2, 46, 29, 34, 7, 56, 57, 64, 18, 40, 39);
    }

    /**
     * With this project's draw the published index is not guaranteed, only bounded. Once k of the
     * newest 30 values come from {4, 5, 6, 7}, above every older value, the empirical CDFs differ by
     * at least k/30 at x = 1, so D ≥ k/30; for D = 17/30 the exact p-value is 8.7e-5 ≤ 1e-4, so no
     * draw can delay the detection beyond index 999 + 17 = 1016 (river's index). A draw with more 0s
     * than the newest values' share can raise D at x = 0 and detect a few values earlier. Over seeds
     * 0..999, 914 detect at 1016, 84 between 1008 and 1015, and 2 raise a false alarm near 820 first
     * (which these 20 seeds do not).
     */
    @Test
    void ownDrawDetectsTheJumpNoLaterThanRiverAndAfterTheChange() {
        List<Integer> firstDrifts = new ArrayList<>();
        for (long seed = 0; seed < 20; seed++) {
            Run run = Run.of(ChangeDetectors.create("kswin", Map.of("alpha", "0.0001", "seed", Long.toString(seed))),
                    ReferenceStreams.numeric());
            firstDrifts.add(run.drifts().get(0));
        }

        assertThat(firstDrifts).allSatisfy(index -> assertThat(index).isBetween(1000, 1016));
        assertThat(firstDrifts).contains(1016);
    }

    @Test
    void ownDrawWithSeed42DetectsAt1016LikeRiver() {
        Run run = Run.of(ChangeDetectors.create("kswin", Map.of("alpha", "0.0001", "seed", "42")),
                ReferenceStreams.numeric());

        assertThat(run.drifts()).containsExactly(1016);
    }
}
