package io.visutility.drift.stats;

/**
 * The two-sample comparisons behind {@link DriftComparison}, as static functions on primitive arrays
 * for hot paths and benchmarks. Each reproduces a scipy 1.10 function to within rounding; none
 * writes to its arguments. Samples must be non-empty and finite; frequency vectors non-negative and
 * finite with a positive total; anything else is refused with an {@link IllegalArgumentException}.
 */
public final class TwoSampleTests {
    /** Percentage that stands in for an empty bin in {@link #psi}. */
    static final double EMPTY_BIN = 0.0001;

    /** Evidently's Wasserstein norm floor for a (nearly) constant reference. */
    static final double MIN_NORM = 0.001;

    /** A test statistic with its p-value. */
    public record TestResult(double statistic, double pValue) {}

    /**
     * The percentage of each sample falling into each of a common set of bins. Each array sums to 1
     * (up to rounding); the record holds the arrays it is given, it does not copy them.
     */
    public record Percents(double[] reference, double[] current) {}

    private TwoSampleTests() {}

    /**
     * The two-sided two-sample Kolmogorov-Smirnov test: statistic and p-value of scipy 1.10's
     * {@code ks_2samp(reference, current)} (exact p-value while both sizes are at most 10000,
     * asymptotic above; ties allowed).
     */
    public static TestResult ks(double[] reference, double[] current) {
        Samples.checkFinite(reference, "reference sample");
        Samples.checkFinite(current, "current sample");
        return KolmogorovSmirnov.test(reference, current);
    }

    /**
     * Evidently's chi-square drift test on per-category counts of the two samples (index {@code i}
     * is the same category in both arrays): scipy's {@code chisquare(f_obs=current, f_exp=reference *
     * sum(current) / sum(reference))}. A category with reference count 0 and a positive current count
     * gives statistic {@code +inf} and p-value 0 (as scipy); a single category gives statistic 0 and
     * p-value 1 (scipy: NaN).
     */
    public static TestResult chiSquare(long[] referenceCounts, long[] currentCounts) {
        return ChiSquare.test(referenceCounts, currentCounts);
    }

    /**
     * The Wasserstein-1 distance between the two samples' empirical distributions: scipy's
     * {@code wasserstein_distance(a, b)}.
     */
    public static double wasserstein(double[] a, double[] b) {
        return wassersteinSorted(Samples.sortedFiniteCopy(a, "first sample"),
                Samples.sortedFiniteCopy(b, "second sample"));
    }

    /**
     * Evidently's normed Wasserstein distance: {@code wasserstein(reference, current)} divided by
     * {@code max(np.std(reference), 0.001)} (population standard deviation).
     */
    public static double normedWasserstein(double[] reference, double[] current) {
        return normedWassersteinSorted(Samples.sortedFiniteCopy(reference, "reference sample"),
                Samples.sortedFiniteCopy(current, "current sample"));
    }

    /**
     * The Jensen-Shannon distance between two frequency vectors, natural logarithm: scipy's
     * {@code spatial.distance.jensenshannon(p, q)}. Both vectors are normalised to sum 1 first; zero
     * entries are allowed. The result is in {@code [0, sqrt(ln 2)]}.
     */
    public static double jensenShannon(double[] p, double[] q) {
        Samples.checkFrequencies(p, "frequencies p");
        Samples.checkFrequencies(q, "frequencies q");
        Samples.checkSameLength(p.length, q.length, "frequency vectors");
        double sumP = Samples.sum(p, 0.0);
        double sumQ = Samples.sum(q, 0.0);
        double left = 0;
        double right = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = p[i] / sumP;
            double qi = q[i] / sumQ;
            double mi = (pi + qi) / 2.0;
            left += relativeEntropy(pi, mi);
            right += relativeEntropy(qi, mi);
        }
        return Math.sqrt((left + right) / 2.0);
    }

    /**
     * The population stability index {@code sum((r - c) * ln(r / c))} of two percentage vectors,
     * after replacing empty bins by 0.0001 in both (Evidently's rule; the arguments are not
     * modified).
     */
    public static double psi(double[] referencePercents, double[] currentPercents) {
        Samples.checkFrequencies(referencePercents, "reference percentages");
        Samples.checkFrequencies(currentPercents, "current percentages");
        Samples.checkSameLength(referencePercents.length, currentPercents.length, "percentage vectors");
        double psi = 0;
        for (int i = 0; i < referencePercents.length; i++) {
            double r = referencePercents[i] == 0 ? EMPTY_BIN : referencePercents[i];
            double c = currentPercents[i] == 0 ? EMPTY_BIN : currentPercents[i];
            psi += (r - c) * Math.log(r / c);
        }
        return psi;
    }

    /**
     * Evidently's binned percentages of two columns of the same kind, as used by
     * {@link DriftMethod#JENSENSHANNON} and {@link DriftMethod#PSI}: numpy's Sturges bins over both
     * samples for a numeric column with more than 20 distinct reference values, otherwise one bin per
     * distinct value of the union, in ascending order. Empty bins stay 0.
     *
     * @throws IllegalArgumentException if one column is numeric and the other categorical
     */
    public static Percents binnedPercents(Column reference, Column current) {
        return Binning.percents(reference, current);
    }

    static double normedWassersteinSorted(double[] reference, double[] current) {
        return wassersteinSorted(reference, current) / Math.max(Samples.std(reference), MIN_NORM);
    }

    /**
     * scipy's {@code _cdf_distance(1, a, b)} of two ascending samples: the integral of
     * {@code |F_a - F_b|} over the pooled values, {@code sum |i/n - j/m| * (next - value)} along the
     * merged order. The CDF gap is kept as the exact integer {@code i m - j n} and the sum divided by
     * {@code n m} once at the end.
     */
    static double wassersteinSorted(double[] a, double[] b) {
        int n = a.length;
        int m = b.length;
        int i = 0;
        int j = 0;
        long gap = 0; // i * m - j * n
        double value = Math.min(a[0], b[0]);
        double sum = 0;
        double compensation = 0;
        while (i < n && j < m) {
            double x = a[i];
            double y = b[j];
            boolean fromA = x <= y;
            double next = fromA ? x : y;
            double term = Math.abs((double) gap) * (next - value);
            double t = sum + term;
            compensation += sum >= term ? (sum - t) + term : (term - t) + sum;
            sum = t;
            gap += fromA ? m : -n;
            i += fromA ? 1 : 0;
            j += fromA ? 0 : 1;
            value = next;
        }
        for (; i < n; i++) {
            double term = Math.abs((double) gap) * (a[i] - value);
            double t = sum + term;
            compensation += sum >= term ? (sum - t) + term : (term - t) + sum;
            sum = t;
            gap += m;
            value = a[i];
        }
        for (; j < m; j++) {
            double term = Math.abs((double) gap) * (b[j] - value);
            double t = sum + term;
            compensation += sum >= term ? (sum - t) + term : (term - t) + sum;
            sum = t;
            gap -= n;
            value = b[j];
        }
        return (sum + compensation) / ((double) n * m);
    }

    /** scipy's {@code rel_entr(x, y)} for {@code x >= 0}, {@code y > 0}. */
    private static double relativeEntropy(double x, double y) {
        return x == 0 ? 0.0 : x * Math.log(x / y);
    }
}
