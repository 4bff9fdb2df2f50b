package io.visutility.drift.stats;

import org.apache.commons.statistics.inference.ChiSquareTest;

/**
 * Evidently's chi-square drift test: the current category counts are the observed frequencies and
 * the reference counts scaled to the current sample size, {@code ref_i * (n_cur / n_ref)}, the
 * expected ones; the p-value is scipy's {@code chisquare(f_obs, f_exp)} with {@code k - 1} degrees
 * of freedom for {@code k} categories.
 *
 * <p>Implementation notes. Commons Statistics' goodness-of-fit test rescales the expected counts to
 * the observed total itself, with the ratio {@code n_cur / n_ref} correctly rounded, which is the
 * same product Evidently forms, so the reference counts are handed over unscaled. Two cases Commons
 * refuses are settled here:
 * <ul>
 *   <li>A category the reference never saw but the current did has an expected count of zero and an
 *       infinite term {@code (o - 0)^2 / 0}. scipy returns statistic {@code +inf} and p-value 0, and
 *       so does this: a new category is drift.
 *   <li>A single category on both sides leaves no degree of freedom. scipy returns statistic 0 and a
 *       NaN p-value; this returns p-value 1, since both samples then have the same distribution
 *       (drift is never concluded either way).
 * </ul>
 */
final class ChiSquare {
    private ChiSquare() {}

    static TwoSampleTests.TestResult test(long[] referenceCounts, long[] currentCounts) {
        Samples.checkSameLength(referenceCounts.length, currentCounts.length, "reference and current counts");
        if (referenceCounts.length == 0) {
            throw new IllegalArgumentException("expected counts of at least one category, but got none");
        }
        long nRef = 0;
        long nCur = 0;
        boolean unseenCategory = false;
        for (int i = 0; i < referenceCounts.length; i++) {
            long r = referenceCounts[i];
            long c = currentCounts[i];
            if (r < 0 || c < 0) {
                throw new IllegalArgumentException("expected non-negative counts, but category " + i
                        + " has reference count " + r + " and current count " + c);
            }
            if (r == 0 && c == 0) {
                throw new IllegalArgumentException("expected every category to occur in at least one sample, "
                        + "but category " + i + " has count 0 in both");
            }
            unseenCategory |= r == 0;
            nRef += r;
            nCur += c;
        }
        if (nRef == 0 || nCur == 0) {
            throw new IllegalArgumentException("expected both samples to have values, but the "
                    + (nRef == 0 ? "reference" : "current") + " counts are all 0");
        }
        if (unseenCategory) {
            return new TwoSampleTests.TestResult(Double.POSITIVE_INFINITY, 0.0);
        }
        if (referenceCounts.length == 1) {
            return new TwoSampleTests.TestResult(0.0, 1.0);
        }
        double[] expected = new double[referenceCounts.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = referenceCounts[i];
        }
        var r = ChiSquareTest.withDefaults().test(expected, currentCounts);
        return new TwoSampleTests.TestResult(r.getStatistic(), r.getPValue());
    }
}
