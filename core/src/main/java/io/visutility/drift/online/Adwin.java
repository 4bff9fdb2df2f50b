package io.visutility.drift.online;

import io.visutility.drift.ChangeDetector;
import io.visutility.drift.Signal;
import java.util.List;
import java.util.Map;

/**
 * ADWIN2, the adaptive-windowing change detector of Bifet &amp; Gavaldà, "Learning from
 * Time-Changing Data with Adaptive Windowing" (SIAM SDM 2007), with river's and MOA's defaults.
 *
 * <p>Implementation notes. The window is an {@link ExponentialHistogram}; alongside it ADWIN keeps
 * the window's width W, sum and sum of squared deviations, updated incrementally (Welford on
 * insert, Chan et al. on removal). Every {@code clock} values, once W exceeds {@code grace_period},
 * it tries every bucket boundary as a cut W = W0 · W1 (W0 older), from the oldest boundary to the
 * newest, and declares change at the first cut where both halves hold at least
 * {@code min_window_length} values and
 *
 * <pre>
 *   |mean(W0) - mean(W1)| &gt; sqrt(2 · m · σ²_W · ln(2 ln W / δ)) + (2/3) · m · ln(2 ln W / δ),
 *   m = 1 / (n0 - min_window_length + 1) + 1 / (n1 - min_window_length + 1)
 * </pre>
 *
 * the paper's Bernstein-style bound (its Theorem 3.2 and section 4, with δ' = δ / ln W as in the
 * authors' MOA code and in river, and sub-window sizes reduced by the minimum length as there). On
 * change it drops the oldest bucket and tests again until no cut holds: the window shrinks to the
 * part that agrees with the recent values instead of being cleared. The cut variance uses the whole
 * window's variance σ²_W, as MOA and river do. Per value this costs O(1) amortised plus, every
 * {@code clock} values, O(number of buckets) = O(log W).
 */
final class Adwin implements ChangeDetector {
    static final String NAME = "adwin";

    static DetectorSpec spec() {
        return new DetectorSpec(NAME, List.of(
                ParameterSpec.Real.open("delta", 0.002, 0, 1,
                        "confidence of the cut test: the chance of a false cut in a stationary window"),
                ParameterSpec.Whole.atLeast("clock", 32, 1, "test for change once every this many values"),
                new ParameterSpec.Whole("max_buckets", 5, 2, 1024,
                        "buckets of each size kept before the two oldest merge (accuracy vs memory)"),
                ParameterSpec.Whole.atLeast("min_window_length", 5, 1,
                        "smallest number of values on each side of a cut"),
                ParameterSpec.Whole.atLeast("grace_period", 10, 0,
                        "no test until the window holds more than this many values")),
                s -> new Adwin(s.real("delta"), s.integer("clock"), s.integer("max_buckets"),
                        s.integer("min_window_length"), s.integer("grace_period")));
    }

    private final double delta;
    private final int clock;
    private final int minWindowLength;
    private final int gracePeriod;
    private final ExponentialHistogram window;

    private long tick;
    private long width;
    private double total;
    /** Sum of squared deviations from the window mean (W times the population variance). */
    private double squaredDeviations;
    private long detections;
    private long lastDropped;
    private double lastCutGap = Double.NaN;
    private double lastCutBound = Double.NaN;
    private double cutGap;
    private double cutBound;

    Adwin(double delta, int clock, int maxBuckets, int minWindowLength, int gracePeriod) {
        this.delta = delta;
        this.clock = clock;
        this.minWindowLength = minWindowLength;
        this.gracePeriod = gracePeriod;
        this.window = new ExponentialHistogram(maxBuckets);
    }

    @Override
    public Signal update(double value) {
        Inputs.requireFinite(NAME, value);
        tick++;
        insert(value);
        if (tick % clock == 0 && width > gracePeriod && shrink()) {
            detections++;
            return Signal.DRIFT;
        }
        return Signal.NONE;
    }

    private void insert(double value) {
        if (width > 0) {
            double gap = value - total / width;
            squaredDeviations += width * gap * gap / (width + 1);
        }
        width++;
        total += value;
        window.add(value);
    }

    /**
     * Drops the oldest buckets while some cut separates sub-windows with different means; keeps the
     * gap and bound of the first cut found as evidence.
     */
    private boolean shrink() {
        long dropped = 0;
        while (cutHolds()) {
            if (dropped == 0) {
                lastCutGap = cutGap;
                lastCutBound = cutBound;
            }
            dropped += dropOldest();
        }
        if (dropped > 0) {
            lastDropped = dropped;
        }
        return dropped > 0;
    }

    /**
     * Scans the boundaries from the oldest to the newest and says whether any cut holds, recording
     * the mean gap and bound of the first one that does in {@link #cutGap} and {@link #cutBound}.
     */
    private boolean cutHolds() {
        double logTerm = Math.log(2 * Math.log(width) / delta);
        // Incremental removals can leave a rounding residue below zero; sqrt of it would disable the test.
        double variance = Math.max(0, squaredDeviations / width);
        long n0 = 0;
        long n1 = width;
        double u0 = 0;
        double u1 = total;
        for (int r = window.rows() - 1; r >= 0; r--) {
            long size = 1L << r;
            int buckets = window.buckets(r);
            for (int k = 0; k < buckets; k++) {
                double u2 = window.total(r, k);
                n0 += size;
                n1 -= size;
                u0 += u2;
                u1 -= u2;
                if (r == 0 && k == buckets - 1) {
                    return false; // every value is in W0: no boundary left
                }
                if (n0 >= minWindowLength && n1 >= minWindowLength) {
                    double gap = u0 / n0 - u1 / n1;
                    double m = 1.0 / (n0 - minWindowLength + 1) + 1.0 / (n1 - minWindowLength + 1);
                    double bound = Math.sqrt(2 * m * variance * logTerm) + 2.0 / 3.0 * logTerm * m;
                    if (Math.abs(gap) > bound) {
                        cutGap = gap;
                        cutBound = bound;
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Removes the oldest bucket from the window and its statistics; returns how many values it held. */
    private long dropOldest() {
        int r = window.oldestRow();
        double n = ExponentialHistogram.size(r);
        double bucketTotal = window.total(r, 0);
        double bucketDeviations = window.variance(r, 0);
        width -= (long) n;
        total -= bucketTotal;
        double gap = bucketTotal / n - total / width;
        squaredDeviations -= bucketDeviations + n * width * gap * gap / (n + width);
        window.removeOldest();
        return (long) n;
    }

    @Override
    public void reset() {
        window.clear();
        tick = 0;
        width = 0;
        total = 0;
        squaredDeviations = 0;
        detections = 0;
        lastDropped = 0;
        lastCutGap = Double.NaN;
        lastCutBound = Double.NaN;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Width, sum, mean and variance of the current window (after any shrinking); once a drift has
     * been seen, how many values the latest one dropped and its first cut's mean gap and bound.
     */
    @Override
    public Map<String, Object> evidence() {
        Evidence e = new Evidence(NAME)
                .put("width", width)
                .put("total", total)
                .put("mean", width == 0 ? Double.NaN : total / width)
                .put("variance", width == 0 ? Double.NaN : squaredDeviations / width)
                .put("buckets", window.buckets())
                .put("detections", detections);
        if (detections > 0) {
            e.put("last_dropped", lastDropped).put("last_cut_mean_gap", lastCutGap)
                    .put("last_cut_bound", lastCutBound);
        }
        return e.put("delta", delta).build();
    }

    long width() {
        return width;
    }

    int buckets() {
        return window.buckets();
    }
}
