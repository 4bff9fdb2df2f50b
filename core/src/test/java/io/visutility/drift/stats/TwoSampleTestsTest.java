package io.visutility.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The array-level functions: edge cases scipy defines, refusals, and that callers' arrays are left alone. */
class TwoSampleTestsTest {

    @Test
    void leavesCallersArraysUntouched() {
        double[] a = {3, -0.0, 1, 2, 9, 4};
        double[] b = {5, 1, 8, 0, 2};
        double[] aCopy = a.clone();
        double[] bCopy = b.clone();
        TwoSampleTests.ks(a, b);
        TwoSampleTests.wasserstein(a, b);
        TwoSampleTests.normedWasserstein(a, b);
        Column.numeric(a);
        double[] p = {0.5, 0, 0.5};
        double[] q = {0.25, 0.75, 0};
        TwoSampleTests.psi(p, q);
        TwoSampleTests.jensenShannon(p, q);
        assertThat(a).containsExactly(aCopy);
        assertThat(b).containsExactly(bCopy);
        assertThat(p).containsExactly(0.5, 0, 0.5);
        assertThat(q).containsExactly(0.25, 0.75, 0);
    }

    @Test
    void columnsCopyTheirValues() {
        double[] values = {1, 2, 3};
        Column column = Column.numeric(values);
        values[0] = 100;
        assertThat(((NumericColumn) column).sorted()).containsExactly(1, 2, 3);
        String[] texts = {"a", "b"};
        Column categorical = Column.categorical(texts);
        texts[0] = "z";
        assertThat(((CategoricalColumn) categorical).values()).containsExactly("a", "b");
    }

    @Test
    void refusesEmptyAndNonFiniteSamples() {
        assertRefused(() -> TwoSampleTests.ks(new double[0], new double[] {1}), "reference sample with at least one value");
        assertRefused(() -> TwoSampleTests.ks(new double[] {1}, null), "current sample with at least one value");
        assertRefused(() -> TwoSampleTests.ks(new double[] {1, Double.NaN}, new double[] {1}),
                "finite values in the reference sample, but value 1 is NaN");
        assertRefused(() -> TwoSampleTests.wasserstein(new double[] {1}, new double[] {Double.NEGATIVE_INFINITY}),
                "value 0 is -Infinity");
        assertRefused(() -> Column.numeric(new double[] {Double.POSITIVE_INFINITY}), "value 0 is Infinity");
        assertRefused(() -> Column.numeric(new double[0]), "numeric column with at least one value, but got none");
        assertRefused(() -> Column.categorical(new String[0]), "at least one value, but got none");
        assertRefused(() -> Column.categorical(new String[] {"a", null}), "value 1 is null");
    }

    @Test
    void refusesBadFrequencyVectors() {
        assertRefused(() -> TwoSampleTests.psi(new double[] {0.5, 0.5}, new double[] {1}), "same length, but got 2 and 1");
        assertRefused(() -> TwoSampleTests.psi(new double[] {-0.1, 1.1}, new double[] {0.5, 0.5}), "bin 0 is -0.1");
        assertRefused(() -> TwoSampleTests.jensenShannon(new double[] {0, 0}, new double[] {0.5, 0.5}),
                "positive total, but all 2 bins are 0");
        assertRefused(() -> TwoSampleTests.jensenShannon(new double[] {Double.NaN}, new double[] {1}), "bin 0 is NaN");
        assertRefused(() -> TwoSampleTests.jensenShannon(new double[0], new double[0]), "at least one bin");
    }

    @Test
    void ksOfIdenticalSamplesIsZeroWithPValueOne() {
        TwoSampleTests.TestResult r = TwoSampleTests.ks(new double[] {1, 2, 2, 3}, new double[] {3, 2, 1, 2});
        assertThat(r.statistic()).isZero();
        assertThat(r.pValue()).isEqualTo(1.0);
    }

    @Test
    void ksOfOneValueCountsTheGapsItCouldFallIn() {
        // 0 below all 19 others: D = 1; only the two outermost of the 20 gaps are as extreme (scipy: 0.1).
        double[] others = new double[19];
        for (int i = 0; i < others.length; i++) {
            others[i] = i + 1;
        }
        TwoSampleTests.TestResult r = TwoSampleTests.ks(new double[] {0}, others);
        assertThat(r.statistic()).isEqualTo(1.0);
        assertThat(r.pValue()).isEqualTo(0.1);
        TwoSampleTests.TestResult swapped = TwoSampleTests.ks(others, new double[] {0});
        assertThat(swapped).isEqualTo(r);
        // Tied with every other value: D = 0.
        assertThat(TwoSampleTests.ks(new double[] {4}, new double[] {4, 4, 4})).isEqualTo(new TwoSampleTests.TestResult(0, 1));
    }

    @ParameterizedTest(name = "kstwo.sf({0}, {1}) = {2}")
    @CsvSource({
        // scipy 1.10 stats.kstwo.sf(d, n)
        "0.05, 100, 0.9532159710635725",
        "0.3, 7, 0.46626387699002947",
        "0.08, 10, 0.9999978058034054",
        "0.06, 10, 0.9999999999628411",
        "0.051, 10, 1.0",
        "0.5, 2, 0.5",
        "0.9, 3, 0.0019999999999999987",
        "0.02, 5000, 0.03613941395325637",
        "0.2, 5000, 9.004289573855005e-176",
        "0.7, 1, 0.6000000000000001",
        "0.3, 1, 1.0",
    })
    void kolmogorovSurvivalMatchesScipyKstwo(double d, int n, double expected) {
        ScipyAgreementTest.assertClose(KolmogorovSmirnov.kolmogorovSf(d, n), expected, "kstwo.sf");
    }

    @Test
    void chiSquareOfACategoryTheReferenceNeverSawIsInfiniteWithPValueZero() {
        TwoSampleTests.TestResult r = TwoSampleTests.chiSquare(new long[] {10, 5, 0}, new long[] {8, 6, 1});
        assertThat(r.statistic()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(r.pValue()).isZero();
    }

    @Test
    void chiSquareOfASingleCategoryIsZeroWithPValueOne() {
        assertThat(TwoSampleTests.chiSquare(new long[] {30}, new long[] {20}))
                .isEqualTo(new TwoSampleTests.TestResult(0, 1));
    }

    @Test
    void chiSquareScalesTheReferenceToTheCurrentSize() {
        // f_exp = [20, 10] * 15/30 = [10, 5]; f_obs = [7, 8]: (9/10 + 9/5) = 2.7 with 1 degree of freedom.
        TwoSampleTests.TestResult r = TwoSampleTests.chiSquare(new long[] {20, 10}, new long[] {7, 8});
        assertThat(r.statistic()).isCloseTo(2.7, within(1e-12));
        // scipy.stats.chi2.sf(2.7, 1)
        ScipyAgreementTest.assertClose(r.pValue(), 0.10034824646229054, "chi-square p-value");
    }

    @Test
    void chiSquareRefusesBadCounts() {
        assertRefused(() -> TwoSampleTests.chiSquare(new long[] {1, 0}, new long[] {1, 0}),
                "category 1 has count 0 in both");
        assertRefused(() -> TwoSampleTests.chiSquare(new long[] {1, -1}, new long[] {1, 2}), "non-negative counts");
        assertRefused(() -> TwoSampleTests.chiSquare(new long[] {1, 2}, new long[] {1}), "same length");
        assertRefused(() -> TwoSampleTests.chiSquare(new long[0], new long[0]), "at least one category");
        assertRefused(() -> TwoSampleTests.chiSquare(new long[] {0, 0, 3}, new long[] {0, 2, 0}),
                "category 0 has count 0 in both");
    }

    @Test
    void wassersteinOfAShiftIsTheShift() {
        assertThat(TwoSampleTests.wasserstein(new double[] {0, 1, 2}, new double[] {3, 4, 5})).isEqualTo(3.0);
        // Divided by the reference's population standard deviation sqrt(2/3).
        assertThat(TwoSampleTests.normedWasserstein(new double[] {0, 1, 2}, new double[] {3, 4, 5}))
                .isCloseTo(3.0 / Math.sqrt(2.0 / 3.0), within(1e-15));
        // A constant reference is normed by 0.001.
        assertThat(TwoSampleTests.normedWasserstein(new double[] {2, 2}, new double[] {2.5}))
                .isCloseTo(500.0, within(1e-9));
    }

    @Test
    void jensenShannonIsZeroForEqualAndSqrtLn2ForDisjointDistributions() {
        assertThat(TwoSampleTests.jensenShannon(new double[] {1, 2, 3}, new double[] {2, 4, 6})).isZero();
        assertThat(TwoSampleTests.jensenShannon(new double[] {1, 0}, new double[] {0, 1}))
                .isCloseTo(Math.sqrt(Math.log(2)), within(1e-15));
    }

    @Test
    void psiReplacesEmptyBinsByOneTenThousandth() {
        double expected = 2 * (1 - 1e-4) * Math.log(1e4);
        assertThat(TwoSampleTests.psi(new double[] {1, 0}, new double[] {0, 1})).isCloseTo(expected, within(1e-12));
        assertThat(TwoSampleTests.psi(new double[] {0.2, 0.8}, new double[] {0.2, 0.8})).isZero();
    }

    @Test
    void binnedPercentsRefuseColumnsOfDifferentKinds() {
        assertRefused(() -> TwoSampleTests.binnedPercents(Column.numeric(new double[] {1}),
                Column.categorical(new String[] {"1"})), "the reference is numeric and the current is categorical");
    }

    @Test
    void lowCardinalityNumbersAreBinnedPerValueInAscendingOrder() {
        TwoSampleTests.Percents p = TwoSampleTests.binnedPercents(
                Column.numeric(new double[] {3, 1, 1, 2}), Column.numeric(new double[] {4, 1}));
        assertThat(p.reference()).containsExactly(0.5, 0.25, 0.25, 0);
        assertThat(p.current()).containsExactly(0.5, 0, 0, 0.5);
    }

    @Test
    void negativeZeroIsTheSameValueAsZero() {
        Column a = Column.numeric(new double[] {-0.0, 0.0, 1});
        assertThat(a.distinctCount()).isEqualTo(2);
        assertThat(TwoSampleTests.binnedPercents(a, Column.numeric(new double[] {0.0})).current())
                .containsExactly(1, 0);
    }

    private static void assertRefused(Runnable call, String message) {
        Consumer<Throwable> check = t -> assertThat(t).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
        assertThatThrownBy(call::run).satisfies(check::accept);
    }
}
