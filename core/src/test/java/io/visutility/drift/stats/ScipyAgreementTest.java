package io.visutility.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.drift.stats.ScipyFixtures.Fixture;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every method against every scipy fixture: statistics, p-values and distances agree to 1e-9
 * relative (absolute near 0), the binning is numpy's bin for bin, and the automatic choice and the
 * drift decisions are Evidently's.
 */
class ScipyAgreementTest {
    static final double RELATIVE = 1e-9;
    /** Below this magnitude the tolerance is absolute. */
    static final double NEAR_ZERO = 1e-12;

    @TestFactory
    Stream<DynamicContainer> agreesWithScipyOnEveryFixture() {
        return ScipyFixtures.all().stream().map(f -> DynamicContainer.dynamicContainer(
                f.name() + " (" + f.description() + ")", tests(f).stream()));
    }

    private static List<DynamicTest> tests(Fixture f) {
        JsonNode e = f.expected();
        List<DynamicTest> tests = new ArrayList<>();
        if (f.numeric()) {
            tests.add(DynamicTest.dynamicTest("ks statistic and p-value", () -> {
                TwoSampleTests.TestResult r = TwoSampleTests.ks(f.referenceValues(), f.currentValues());
                assertClose(r.statistic(), e.get("ks").get("statistic"), "KS statistic");
                assertClose(r.pValue(), e.get("ks").get("p_value"), "KS p-value");
                checkDecision(f, DriftMethod.KS, e.get("ks"));
            }));
            tests.add(DynamicTest.dynamicTest("wasserstein raw and normed", () -> {
                assertClose(TwoSampleTests.wasserstein(f.referenceValues(), f.currentValues()),
                        e.get("wasserstein").get("raw"), "raw Wasserstein distance");
                assertClose(TwoSampleTests.normedWasserstein(f.referenceValues(), f.currentValues()),
                        e.get("wasserstein").get("statistic"), "normed Wasserstein distance");
                checkDecision(f, DriftMethod.WASSERSTEIN, e.get("wasserstein"));
            }));
        }
        tests.add(DynamicTest.dynamicTest("chisquare statistic and p-value", () -> {
            JsonNode chi = e.get("chisquare");
            Binning.Counts counts = Binning.counts(f.referenceColumn(), f.currentColumn());
            assertThat(counts.reference()).hasSize(chi.get("categories").asInt());
            TwoSampleTests.TestResult r = TwoSampleTests.chiSquare(counts.reference(), counts.current());
            assertClose(r.statistic(), chi.get("statistic"), "chi-square statistic");
            if (Double.isNaN(chi.get("p_value").doubleValue())) {
                // One category on both sides: scipy says NaN, we say 1 (documented in ChiSquare).
                assertThat(r.pValue()).isEqualTo(1.0);
            } else {
                assertClose(r.pValue(), chi.get("p_value"), "chi-square p-value");
            }
            checkDecision(f, DriftMethod.CHISQUARE, chi);
        }));
        tests.add(DynamicTest.dynamicTest("binning is numpy's", () -> {
            JsonNode b = e.get("binning");
            Column ref = f.referenceColumn();
            Column cur = f.currentColumn();
            if (b.get("kind").asText().equals("sturges")) {
                double[] edges = Binning.sturgesEdges(((NumericColumn) ref).sorted(), ((NumericColumn) cur).sorted());
                assertThat(edges).as("Sturges edges").containsExactly(ScipyFixtures.doubles(b.get("edges")));
            } else {
                assertThat(b.get("edges").isNull()).isTrue();
            }
            TwoSampleTests.Percents p = TwoSampleTests.binnedPercents(ref, cur);
            assertThat(p.reference()).as("reference percents")
                    .containsExactly(ScipyFixtures.doubles(b.get("reference_percents")));
            assertThat(p.current()).as("current percents")
                    .containsExactly(ScipyFixtures.doubles(b.get("current_percents")));
        }));
        tests.add(DynamicTest.dynamicTest("jensenshannon distance", () -> {
            FeatureDrift d = checkDecision(f, DriftMethod.JENSENSHANNON, e.get("jensenshannon"));
            assertClose(d.statistic(), e.get("jensenshannon").get("statistic"), "Jensen-Shannon distance");
        }));
        tests.add(DynamicTest.dynamicTest("psi", () -> {
            FeatureDrift d = checkDecision(f, DriftMethod.PSI, e.get("psi"));
            assertClose(d.statistic(), e.get("psi").get("statistic"), "PSI");
        }));
        tests.add(DynamicTest.dynamicTest("auto picks Evidently's method and decides the same", () -> {
            DriftMethod expected = DriftMethod.parse(e.get("auto").get("method").asText());
            FeatureDrift d = DriftComparison.compare(
                    f.name(), f.referenceColumn(), f.currentColumn(), DriftMethod.AUTO, OptionalDouble.empty());
            assertThat(d.method()).isEqualTo(expected);
            assertThat(d.drifted()).isEqualTo(e.get("auto").get("drifted").asBoolean());
            assertClose(d.statistic(), e.get(expected.cliName()).get("statistic"), "auto statistic");
        }));
        return tests;
    }

    /** The feature-level comparison with the method's default threshold, checked against the fixture. */
    private static FeatureDrift checkDecision(Fixture f, DriftMethod method, JsonNode expected) {
        FeatureDrift d = DriftComparison.compare(
                f.name(), f.referenceColumn(), f.currentColumn(), method, OptionalDouble.empty());
        assertThat(d.method()).isEqualTo(method);
        assertThat(d.threshold()).isEqualTo(method.defaultThreshold());
        assertClose(d.statistic(), expected.get("statistic"), method.cliName() + " statistic via DriftComparison");
        if (method.hasPValue() && !Double.isNaN(expected.get("p_value").doubleValue())) {
            assertClose(d.pValue().orElseThrow(), expected.get("p_value"), method.cliName() + " p-value");
        }
        assertThat(d.drifted()).as(method.cliName() + " drifted").isEqualTo(expected.get("drifted").asBoolean());
        return d;
    }

    static void assertClose(double actual, JsonNode expected, String what) {
        assertClose(actual, expected.doubleValue(), what);
    }

    static void assertClose(double actual, double expected, String what) {
        if (Double.isInfinite(expected) || expected == 0 && actual == 0) {
            assertThat(actual).as(what).isEqualTo(expected);
            return;
        }
        double tolerance = Math.abs(expected) < NEAR_ZERO ? NEAR_ZERO * RELATIVE : RELATIVE * Math.abs(expected);
        assertThat(Math.abs(actual - expected)).as("%s: expected %s but got %s (relative error %s)", what,
                expected, actual, Math.abs(actual - expected) / Math.abs(expected)).isLessThanOrEqualTo(tolerance);
    }
}
