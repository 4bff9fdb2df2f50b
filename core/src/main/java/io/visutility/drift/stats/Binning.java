package io.visutility.drift.stats;

import java.util.Map;
import java.util.TreeMap;

/**
 * How Evidently turns two samples into comparable frequency vectors (its {@code get_binned_data}
 * without zero filling):
 * <ul>
 *   <li>a numeric feature with more than {@value #MAX_VALUE_BINS} distinct reference values is cut
 *       into numpy's Sturges bins over the pooled samples,
 *       {@code np.histogram_bin_edges(concat(ref, cur), bins="sturges")}, and each sample's
 *       percentages are {@code np.histogram(x, edges)[0] / len(x)};
 *   <li>anything else gets one bin per distinct value of the union of both samples (categories, or
 *       the numbers of a low-cardinality feature), in ascending order.
 * </ul>
 *
 * <p>Implementation notes. The Sturges edges are computed with numpy 1.24's operations in the same
 * order, so they are the same doubles: width {@code ptp / (log2(n) + 1)}, bin count
 * {@code ceil(ptp / width)}, edges {@code first + i * (ptp / bins)} with the last edge set to the
 * maximum ({@code np.linspace}). {@code log2} is exact for powers of two, where the bin count is
 * sensitive to it; elsewhere {@code log2(n) + 1} is far from an integer and one ulp cannot change
 * the ceiling. Counting follows {@code np.histogram} with explicit edges: bin {@code i} holds
 * {@code edges[i] <= x < edges[i+1]}, and the last bin also holds its right edge.
 */
final class Binning {
    /** Evidently bins numeric features by value up to this many distinct reference values. */
    static final int MAX_VALUE_BINS = 20;

    /** Per-category counts of two samples over the union of their categories. */
    record Counts(long[] reference, long[] current) {}

    private Binning() {}

    /** Evidently's binned percentages of two columns of the same kind. */
    static TwoSampleTests.Percents percents(Column reference, Column current) {
        if (reference instanceof NumericColumn ref && current instanceof NumericColumn cur
                && ref.distinctCount() > MAX_VALUE_BINS) {
            double[] edges = sturgesEdges(ref.sorted(), cur.sorted());
            return new TwoSampleTests.Percents(
                    divide(histogram(ref.sorted(), edges), ref.size()),
                    divide(histogram(cur.sorted(), edges), cur.size()));
        }
        Counts counts = counts(reference, current);
        return new TwoSampleTests.Percents(
                divide(counts.reference(), reference.size()), divide(counts.current(), current.size()));
    }

    /** Counts per distinct value (numeric) or category, over the union of both columns. */
    static Counts counts(Column reference, Column current) {
        return switch (reference) {
            case NumericColumn ref when current instanceof NumericColumn cur -> valueCounts(ref.sorted(), cur.sorted());
            case CategoricalColumn ref when current instanceof CategoricalColumn cur ->
                    categoryCounts(ref.values(), cur.values());
            default -> throw mixedKinds(reference, current);
        };
    }

    static IllegalArgumentException mixedKinds(Column reference, Column current) {
        return new IllegalArgumentException("expected reference and current columns of the same kind, but the "
                + "reference is " + kind(reference) + " and the current is " + kind(current));
    }

    static String kind(Column column) {
        return column.isNumeric() ? "numeric" : "categorical";
    }

    private static Counts valueCounts(double[] a, double[] b) {
        int distinct = Samples.distinctUnion(a, b);
        long[] ca = new long[distinct];
        long[] cb = new long[distinct];
        int i = 0;
        int j = 0;
        for (int k = 0; k < distinct; k++) {
            double v = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
            int start = i;
            while (i < a.length && a[i] == v) {
                i++;
            }
            ca[k] = i - start;
            start = j;
            while (j < b.length && b[j] == v) {
                j++;
            }
            cb[k] = j - start;
        }
        return new Counts(ca, cb);
    }

    private static Counts categoryCounts(String[] a, String[] b) {
        Map<String, long[]> counts = new TreeMap<>();
        for (String v : a) {
            counts.computeIfAbsent(v, k -> new long[2])[0]++;
        }
        for (String v : b) {
            counts.computeIfAbsent(v, k -> new long[2])[1]++;
        }
        long[] ca = new long[counts.size()];
        long[] cb = new long[counts.size()];
        int k = 0;
        for (long[] c : counts.values()) {
            ca[k] = c[0];
            cb[k] = c[1];
            k++;
        }
        return new Counts(ca, cb);
    }

    /** numpy's {@code histogram_bin_edges(concat(a, b), bins="sturges")} of two ascending samples. */
    static double[] sturgesEdges(double[] a, double[] b) {
        double min = Math.min(a[0], b[0]);
        double max = Math.max(a[a.length - 1], b[b.length - 1]);
        double ptp = max - min;
        double first = min;
        double last = max;
        if (first == last) {
            first -= 0.5;
            last += 0.5;
        }
        double width = ptp / (log2(a.length + b.length) + 1.0);
        int bins = width != 0 ? (int) Math.ceil((last - first) / width) : 1;
        return linspace(first, last, bins + 1);
    }

    /** {@code np.linspace(start, stop, num)} with {@code endpoint=True}, {@code num >= 2}. */
    private static double[] linspace(double start, double stop, int num) {
        int div = num - 1;
        double delta = stop - start;
        double step = delta / div;
        double[] y = new double[num];
        for (int i = 0; i < num; i++) {
            y[i] = (step == 0 ? i / (double) div * delta : i * step) + start;
        }
        y[num - 1] = stop;
        return y;
    }

    /** {@code np.log2} of a positive count: exact for powers of two. */
    private static double log2(long n) {
        if (Long.bitCount(n) == 1) {
            return Long.numberOfTrailingZeros(n);
        }
        return Math.log(n) / Math.log(2.0);
    }

    /** {@code np.histogram(x, edges)[0]} of an ascending sample. */
    static long[] histogram(double[] sorted, double[] edges) {
        int bins = edges.length - 1;
        long[] counts = new long[bins];
        int previous = lowerBound(sorted, edges[0]);
        for (int i = 1; i <= bins; i++) {
            int next = i == bins ? upperBound(sorted, edges[i]) : lowerBound(sorted, edges[i]);
            counts[i - 1] = next - previous;
            previous = next;
        }
        return counts;
    }

    /** The first index whose value is {@code >= key}. */
    private static int lowerBound(double[] sorted, double key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The first index whose value is {@code > key}. */
    private static int upperBound(double[] sorted, double key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double[] divide(long[] counts, int n) {
        double[] p = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            p[i] = counts[i] / (double) n;
        }
        return p;
    }
}
