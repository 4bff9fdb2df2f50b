package io.visutility.drift.stats;

/**
 * The values of a numeric column, kept sorted ascending: every test here either sorts or counts
 * distinct values, so sorting once when the column is made pays for all of them. {@code -0.0} is
 * stored as {@code 0.0}; the two compare equal in every test (as in numpy).
 */
final class NumericColumn implements Column {
    private final double[] sorted;
    private final int distinct;

    NumericColumn(double[] values) {
        this.sorted = Samples.sortedFiniteCopy(values, "numeric column");
        this.distinct = Samples.distinctSorted(sorted);
    }

    /** The values in ascending order. Shared, not copied: callers in this package must not write to it. */
    double[] sorted() {
        return sorted;
    }

    @Override
    public int size() {
        return sorted.length;
    }

    @Override
    public boolean isNumeric() {
        return true;
    }

    @Override
    public int distinctCount() {
        return distinct;
    }

    @Override
    public String toString() {
        return "numeric column of " + sorted.length + " values (" + distinct + " distinct, "
                + sorted[0] + " to " + sorted[sorted.length - 1] + ")";
    }
}
