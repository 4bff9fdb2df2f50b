package io.visutility.drift.online;

import java.util.Arrays;

/**
 * The compressed window behind ADWIN2 (Bifet &amp; Gavaldà 2007, section 4): buckets of 2^r values
 * arranged in rows, row r holding at most {@code maxBuckets} buckets of 2^r values each. Each bucket
 * keeps only the sum of its values and the sum of squared deviations from their mean, so a window of
 * W values needs O(maxBuckets · log(W / maxBuckets)) numbers.
 *
 * <p>Needs {@code maxBuckets >= 2}: a merge then leaves at least one bucket in its row, so rows are
 * never empty below the last, which is where removals happen.
 *
 * <p>Within a row, bucket 0 is the oldest. A new value enters row 0; when a row reaches
 * {@code maxBuckets + 1} buckets its two oldest merge into one bucket of the next row, which may
 * cascade. The oldest bucket of the whole window is bucket 0 of the last row.
 *
 * <p>Storage is two flat arrays indexed {@code row * (maxBuckets + 1) + k}; the number of rows grows
 * by doubling and never shrinks below its high-water mark until {@link #clear}.
 */
final class ExponentialHistogram {
    private final int stride;
    private double[] totals;
    private double[] variances;
    private int[] sizes;
    private int rows;
    private int buckets;

    ExponentialHistogram(int maxBuckets) {
        if (maxBuckets < 2) {
            throw new IllegalArgumentException("an exponential histogram needs at least 2 buckets per row, got "
                    + maxBuckets);
        }
        this.stride = maxBuckets + 1;
        allocate(4);
    }

    /** Adds one value as a bucket of size 1 and restores the at-most-{@code maxBuckets} invariant. */
    void add(double value) {
        if (rows == 0) {
            rows = 1;
        }
        append(0, value, 0.0);
        for (int r = 0; r < rows && sizes[r] == stride; r++) {
            if (r + 1 == rows) {
                if (rows == sizes.length) {
                    grow();
                }
                rows++;
            }
            int at = r * stride;
            double n = size(r);
            double t0 = totals[at];
            double t1 = totals[at + 1];
            double meanGap = t0 / n - t1 / n;
            // Chan et al.'s pairwise update: merged squared deviations = both parts + n·n/(2n)·gap².
            double merged = variances[at] + variances[at + 1] + n * n * meanGap * meanGap / (n + n);
            append(r + 1, t0 + t1, merged);
            dropOldest(r, 2);
        }
    }

    int rows() {
        return rows;
    }

    /** Number of buckets in {@code row}. */
    int buckets(int row) {
        return sizes[row];
    }

    /** Number of buckets in all rows. */
    int buckets() {
        return buckets;
    }

    /** Number of values each bucket of {@code row} stands for: 2^row. */
    static double size(int row) {
        return (double) (1L << row);
    }

    double total(int row, int k) {
        return totals[row * stride + k];
    }

    double variance(int row, int k) {
        return variances[row * stride + k];
    }

    /** Row of the oldest bucket, the last non-empty row. */
    int oldestRow() {
        return rows - 1;
    }

    /** Removes the oldest bucket. */
    void removeOldest() {
        int r = rows - 1;
        dropOldest(r, 1);
        if (sizes[r] == 0) {
            rows--;
        }
    }

    void clear() {
        allocate(4);
        rows = 0;
        buckets = 0;
    }

    private void append(int row, double total, double variance) {
        int at = row * stride + sizes[row];
        totals[at] = total;
        variances[at] = variance;
        sizes[row]++;
        buckets++;
    }

    private void dropOldest(int row, int count) {
        int at = row * stride;
        int remaining = sizes[row] - count;
        System.arraycopy(totals, at + count, totals, at, remaining);
        System.arraycopy(variances, at + count, variances, at, remaining);
        sizes[row] = remaining;
        buckets -= count;
    }

    private void allocate(int rowCapacity) {
        totals = new double[rowCapacity * stride];
        variances = new double[rowCapacity * stride];
        sizes = new int[rowCapacity];
    }

    private void grow() {
        int capacity = sizes.length * 2;
        totals = Arrays.copyOf(totals, capacity * stride);
        variances = Arrays.copyOf(variances, capacity * stride);
        sizes = Arrays.copyOf(sizes, capacity);
    }
}
