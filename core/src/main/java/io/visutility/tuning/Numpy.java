package io.visutility.tuning;

/**
 * Two numpy primitives whose exact results Optuna 3.1's TPE depends on, reproduced so that ours are
 * the same.
 *
 * <p>{@link #argsort}: the order numpy's default {@code argsort} (kind "quicksort", numpy 1.24) puts an
 * array's indices in, including among equal values. Optuna 3.1 sorts kernel positions this way when
 * assigning bandwidths, so its order for ties, which decides which of several kernels at the same
 * position gets which bandwidth, is this one; with unequal kernel weights (from 26 observations on) or a
 * tie with the prior it changes the densities. The algorithm is numpy's introsort for index arrays,
 * written here from its description:
 * ranges of more than 16 elements are partitioned around the median of their first, middle and last
 * element (the three put in order in place first; the pivot is parked next to the end, then two
 * cursors swap elements that are not strictly on the correct side, so equal elements are exchanged
 * across the pivot), the smaller side is handled first with the larger pushed on a stack; ranges of
 * at most 16 elements are finished by insertion sort, which keeps equal values in their current order;
 * after 2·⌊log₂ n⌋ levels of partitioning a range is heap-sorted instead. Only the ordering of
 * non-NaN doubles is needed here (NaNs never occur).
 *
 * <p>{@link #sum}: numpy's {@code sum} of a float64 array, which adds pairwise (below 8 elements in
 * order; up to 128 in eight interleaved running sums combined as ((0+1)+(2+3))+((4+5)+(6+7)), the
 * rest in order; longer arrays split in two at a multiple of 8 near the middle). Optuna normalises
 * kernel weights and categorical kernels with it; the last bits of the resulting probabilities decide
 * between categorical choices whose scores are mathematically equal (common early in a study, when
 * two choices have been seen equally often), so ours must be the same to make the same choice.
 */
final class Numpy {
    private static final int SMALL = 16;
    private static final int BLOCK = 128;

    private Numpy() {}

    /** numpy's {@code a.sum()} for a float64 array. */
    static double sum(double[] a) {
        return pairwise(a, 0, a.length);
    }

    private static double pairwise(double[] a, int from, int n) {
        if (n < 8) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += a[from + i];
            }
            return s;
        }
        if (n <= BLOCK) {
            double[] r = new double[8];
            System.arraycopy(a, from, r, 0, 8);
            int i = 8;
            for (; i < n - n % 8; i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                s += a[from + i];
            }
            return s;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwise(a, from, half) + pairwise(a, from + half, n - half);
    }

    /** The indices of {@code v} in numpy's {@code argsort(v)} order. */
    static int[] argsort(double[] v) {
        int n = v.length;
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        if (n < 2) {
            return a;
        }
        int[] stack = new int[128];
        int[] depths = new int[64];
        int top = 0;
        int depthTop = 0;
        int lo = 0;
        int hi = n - 1;
        int depth = 2 * (31 - Integer.numberOfLeadingZeros(n));
        while (true) {
            if (depth < 0) {
                heapSort(v, a, lo, hi - lo + 1);
            } else {
                while (hi - lo >= SMALL) {
                    int mid = lo + ((hi - lo) >> 1);
                    if (v[a[mid]] < v[a[lo]]) {
                        swap(a, mid, lo);
                    }
                    if (v[a[hi]] < v[a[mid]]) {
                        swap(a, hi, mid);
                    }
                    if (v[a[mid]] < v[a[lo]]) {
                        swap(a, mid, lo);
                    }
                    double pivot = v[a[mid]];
                    int i = lo;
                    int j = hi - 1;
                    swap(a, mid, j);
                    while (true) {
                        do {
                            i++;
                        } while (v[a[i]] < pivot);
                        do {
                            j--;
                        } while (pivot < v[a[j]]);
                        if (i >= j) {
                            break;
                        }
                        swap(a, i, j);
                    }
                    swap(a, i, hi - 1);
                    if (i - lo < hi - i) {
                        stack[top++] = i + 1;
                        stack[top++] = hi;
                        hi = i - 1;
                    } else {
                        stack[top++] = lo;
                        stack[top++] = i - 1;
                        lo = i + 1;
                    }
                    depths[depthTop++] = --depth;
                }
                for (int i = lo + 1; i <= hi; i++) {
                    int index = a[i];
                    double x = v[index];
                    int j = i;
                    while (j > lo && x < v[a[j - 1]]) {
                        a[j] = a[j - 1];
                        j--;
                    }
                    a[j] = index;
                }
            }
            if (top == 0) {
                return a;
            }
            hi = stack[--top];
            lo = stack[--top];
            depth = depths[--depthTop];
        }
    }

    /** numpy's heap sort of the {@code n} indices from {@code a[start]} (1-based heap positions). */
    private static void heapSort(double[] v, int[] a, int start, int n) {
        int base = start - 1;
        for (int l = n >> 1; l > 0; l--) {
            siftDown(v, a, base, l, n, a[base + l]);
        }
        for (int m = n; m > 1; ) {
            int tmp = a[base + m];
            a[base + m] = a[base + 1];
            m--;
            siftDown(v, a, base, 1, m, tmp);
        }
    }

    private static void siftDown(double[] v, int[] a, int base, int i, int n, int tmp) {
        int j = i << 1;
        while (j <= n) {
            if (j < n && v[a[base + j]] < v[a[base + j + 1]]) {
                j++;
            }
            if (v[tmp] < v[a[base + j]]) {
                a[base + i] = a[base + j];
                i = j;
                j += j;
            } else {
                break;
            }
        }
        a[base + i] = tmp;
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
