package io.visutility.drift.stats;

import java.util.Arrays;

/** Checks and summaries of raw sample arrays shared by the tests; never writes to a caller's array. */
final class Samples {
    private Samples() {}

    /**
     * A sorted copy of {@code values} with {@code -0.0} replaced by {@code 0.0}.
     *
     * @throws IllegalArgumentException if {@code values} is null, empty or not all finite
     */
    static double[] sortedFiniteCopy(double[] values, String what) {
        checkFinite(values, what);
        double[] copy = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i] + 0.0; // -0.0 + 0.0 == +0.0
        }
        Arrays.sort(copy);
        return copy;
    }

    /**
     * Checks that {@code values} is a non-empty array of finite numbers.
     *
     * @throws IllegalArgumentException naming {@code what} and the first offending index otherwise
     */
    static void checkFinite(double[] values, String what) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("expected a " + what + " with at least one value, but got "
                    + (values == null ? "null" : "none"));
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("expected finite values in the " + what + ", but value " + i
                        + " is " + values[i] + " (leave missing values out)");
            }
        }
    }

    /** The number of distinct values of an ascending array. */
    static int distinctSorted(double[] sorted) {
        int distinct = sorted.length == 0 ? 0 : 1;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] != sorted[i - 1]) {
                distinct++;
            }
        }
        return distinct;
    }

    /** The number of distinct values in the union of two ascending arrays. */
    static int distinctUnion(double[] a, double[] b) {
        int i = 0;
        int j = 0;
        int distinct = 0;
        while (i < a.length || j < b.length) {
            double v = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
            distinct++;
            while (i < a.length && a[i] == v) {
                i++;
            }
            while (j < b.length && b[j] == v) {
                j++;
            }
        }
        return distinct;
    }

    /**
     * The population standard deviation (numpy's {@code np.std}, ddof 0), by the two-pass algorithm
     * with compensated sums.
     */
    static double std(double[] values) {
        int n = values.length;
        double mean = sum(values, 0.0) / n;
        double s = 0;
        double c = 0;
        for (double v : values) {
            double d = v - mean;
            double square = d * d;
            double t = s + square;
            c += s >= square ? (s - t) + square : (square - t) + s;
            s = t;
        }
        return Math.sqrt((s + c) / n);
    }

    /** Neumaier's compensated sum of {@code values} plus {@code start}. */
    static double sum(double[] values, double start) {
        double s = start;
        double c = 0;
        for (double v : values) {
            double t = s + v;
            c += Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s;
            s = t;
        }
        return s + c;
    }

    /**
     * Checks that {@code values} is a non-empty vector of finite non-negative numbers with a positive sum.
     */
    static void checkFrequencies(double[] values, String what) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("expected " + what + " with at least one bin, but got "
                    + (values == null ? "null" : "none"));
        }
        boolean positive = false;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(v >= 0) || v == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("expected finite non-negative " + what + ", but bin " + i
                        + " is " + v);
            }
            positive |= v > 0;
        }
        if (!positive) {
            throw new IllegalArgumentException("expected " + what + " with a positive total, but all "
                    + values.length + " bins are 0");
        }
    }

    static void checkSameLength(int a, int b, String what) {
        if (a != b) {
            throw new IllegalArgumentException("expected " + what + " of the same length, but got " + a + " and " + b);
        }
    }
}
