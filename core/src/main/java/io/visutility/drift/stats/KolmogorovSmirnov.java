package io.visutility.drift.stats;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.PValueMethod;

/**
 * The two-sided two-sample Kolmogorov-Smirnov test, computing what scipy 1.10's
 * {@code ks_2samp(reference, current)} computes with its default arguments.
 *
 * <p>Implementation notes. The statistic is {@code D = max |F_ref(x) - F_cur(x)|} over the pooled
 * values, both empirical CDFs taken right-continuous, so a run of tied values moves both CDFs at once
 * (scipy's {@code searchsorted(..., side='right')}); Commons Statistics evaluates D at the end of each
 * tied run, which is the same number. The p-value is {@code P(D >= d)} for continuous data whatever
 * the ties, as in scipy:
 * <ul>
 *   <li>{@code max(n, m) <= 10000}: exact. scipy 1.10 uses Hodges' (1958) formula when {@code n == m}
 *       and a lattice-path count otherwise; Commons ({@link PValueMethod#EXACT}) uses the same Hodges
 *       formula and Viehmann's (2021) stabilised inner method. Both are exact, so they agree to
 *       rounding. Commons' own {@code AUTO} switches to the asymptotic method already at
 *       {@code max(n, m) = 10000}, scipy only above it, hence the explicit choice here.
 *   <li>{@code max(n, m) > 10000}: the one-sample two-sided Kolmogorov distribution
 *       {@code kstwo.sf(d, N)} with {@code N = round(n m / (n + m))}. Commons
 *       ({@link PValueMethod#ASYMPTOTIC}) computes the same distribution (Simard and L'Ecuyer 2011)
 *       but rounds half up where numpy rounds half to even; for the sizes where the two differ the
 *       p-value is taken from the Commons one-sample test instead, on a constructed sample whose
 *       statistic is exactly {@code d}.
 *   <li>A sample of one value, which Commons refuses: the other sample's {@code m} values leave
 *       {@code m + 1} equally likely positions for the single value, from which the exact p-value
 *       is a count; scipy's lattice-path count gives the same.
 * </ul>
 */
final class KolmogorovSmirnov {
    /** scipy 1.10's MAX_AUTO_N: the exact p-value is used while both sizes are at most this. */
    static final int MAX_EXACT_N = 10_000;

    private static final KolmogorovSmirnovTest EXACT = KolmogorovSmirnovTest.withDefaults()
            .with(AlternativeHypothesis.TWO_SIDED).with(PValueMethod.EXACT);
    private static final KolmogorovSmirnovTest ASYMPTOTIC = EXACT.with(PValueMethod.ASYMPTOTIC);

    private KolmogorovSmirnov() {}

    /** The test on two finite, non-empty samples (any order; neither is written to). */
    static TwoSampleTests.TestResult test(double[] reference, double[] current) {
        int n = reference.length;
        int m = current.length;
        if (n == 1 || m == 1) {
            return n == 1 ? singleValue(reference[0], current) : singleValue(current[0], reference);
        }
        if (Math.max(n, m) <= MAX_EXACT_N) {
            KolmogorovSmirnovTest.TwoResult r = EXACT.test(reference, current);
            return new TwoSampleTests.TestResult(r.getStatistic(), r.getPValue());
        }
        KolmogorovSmirnovTest.TwoResult r = ASYMPTOTIC.test(reference, current);
        double en = effectiveSize(n, m);
        if (Math.rint(en) == Math.round(en)) {
            return new TwoSampleTests.TestResult(r.getStatistic(), r.getPValue());
        }
        double d = r.getStatistic();
        return new TwoSampleTests.TestResult(d, kolmogorovSf(d, (int) Math.rint(en)));
    }

    /** scipy's {@code en = m * n / (m + n)}, in the same floating-point operations. */
    private static double effectiveSize(int n, int m) {
        double big = Math.max(n, m);
        double small = Math.min(n, m);
        return big * small / (big + small);
    }

    /**
     * One value {@code x} against a sample {@code others} of {@code m} values. With {@code below}
     * values under x and {@code above} over it, {@code D = max(below, above) / m}. Under the null
     * hypothesis x is equally likely to fall in any of the {@code m + 1} gaps; in gap {@code k} the
     * statistic would be {@code max(k, m - k) / m}.
     */
    private static TwoSampleTests.TestResult singleValue(double x, double[] others) {
        int m = others.length;
        int below = 0;
        int above = 0;
        for (double v : others) {
            if (v < x) {
                below++;
            } else if (v > x) {
                above++;
            }
        }
        int h = Math.max(below, above);
        double d = (double) h / m;
        if (m > MAX_EXACT_N) {
            // scipy: kstwo.sf(d, round(m / (m + 1))) = kstwo.sf(d, 1).
            return new TwoSampleTests.TestResult(d, kolmogorovSf(d, 1));
        }
        if (h == 0) {
            return new TwoSampleTests.TestResult(d, 1.0);
        }
        // Gaps k in [0, m] with k >= h or m - k >= h.
        long atLeast = 2L * (m - h + 1) - Math.max(0, m - 2 * h + 1);
        return new TwoSampleTests.TestResult(d, Math.min(m + 1L, atLeast) / (m + 1.0));
    }

    /**
     * {@code P(D_N >= d)} for the one-sample two-sided Kolmogorov-Smirnov statistic of {@code N}
     * values: scipy's {@code kstwo.sf(d, N)}.
     */
    static double kolmogorovSf(double d, int bigN) {
        if (d <= 0.5 / bigN) {
            return 1.0; // D_N >= 1/(2N) always
        }
        if (d >= 1.0) {
            return 0.0;
        }
        if (bigN == 1) {
            return 2 * (1 - d); // D_1 = max(U, 1 - U)
        }
        // Values 0..N-1 and a CDF through (0, d) and then max(d, (i + 1/2) / N): D^- at the first
        // value is exactly d, every other deviation is at most max(d - i/N, 1/(2N)) < d.
        double[] x = new double[bigN];
        for (int i = 0; i < bigN; i++) {
            x[i] = i;
        }
        DoubleUnaryOperator cdf = v -> v < 0.5 ? d : Math.max(d, Math.min(1.0, (v + 0.5) / bigN));
        return EXACT.test(x, cdf).getPValue();
    }
}
