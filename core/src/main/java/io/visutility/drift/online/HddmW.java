package io.visutility.drift.online;

import io.visutility.drift.Signal;
import java.util.List;
import java.util.Map;

/**
 * HDDM_W, the weighted-average test of Frías-Blanco et al., "Online and Non-Parametric Drift
 * Detection Methods Based on Hoeffding's Bounds" (IEEE TKDE 27(3), 2015), with river's defaults:
 * a one-sided test for an increase of the mean (of an error indicator or any value in [0, 1]);
 * two-sided optional.
 *
 * <p>Implementation notes. Each estimate is an exponentially weighted moving average (EWMA, weight
 * λ on the newest value) together with D = Σ w_i², the sum of its squared weights, which is what
 * McDiarmid's inequality needs: a weighted mean of values in [0, 1] is within
 * sqrt(D / 2 · ln(1/δ)) of its expectation with probability 1 − δ. The detector keeps the EWMA of
 * all values since the last drift; whenever that EWMA plus its bound (at {@code drift_confidence})
 * reaches a new minimum it becomes the cut point (sample 1) and a fresh EWMA of the values after the
 * cut starts (sample 2). An increase is concluded when
 * {@code EWMA₂ − EWMA₁ > sqrt((D₁ + D₂) / 2 · ln(1/δ))}, with δ = {@code drift_confidence} (drift)
 * or {@code warning_confidence} (warning). Decreases mirror this with a maximum. A drift restarts
 * every statistic.
 */
final class HddmW extends RestartingDetector {
    static final String NAME = "hddm-w";

    static DetectorSpec spec() {
        return new DetectorSpec(NAME, List.of(
                ParameterSpec.Real.open("drift_confidence", 0.001, 0, 1,
                        "significance of the drift test"),
                ParameterSpec.Real.open("warning_confidence", 0.005, 0, 1,
                        "significance of the warning test (at least drift_confidence)"),
                new ParameterSpec.Real("lambda", 0.05, 0, true, 1, false,
                        "weight of the newest value in each moving average"),
                new ParameterSpec.Flag("two_sided", false,
                        "also detect decreases of the mean, not only increases")),
                s -> {
                    if (s.real("drift_confidence") > s.real("warning_confidence")) {
                        throw s.conflict("drift_confidence", "at most", "warning_confidence");
                    }
                    return new HddmW(s.real("drift_confidence"), s.real("warning_confidence"),
                            s.real("lambda"), s.flag("two_sided"));
                });
    }

    /** An EWMA and the sum of its squared weights; empty until its first value. */
    private static final class Estimate {
        boolean empty = true;
        double ewma;
        double squaredWeights;

        void add(double value, double lambda) {
            if (empty) {
                empty = false;
                ewma = value;
                squaredWeights = 1;
            } else {
                double decay = 1 - lambda;
                ewma = lambda * value + decay * ewma;
                squaredWeights = lambda * lambda + decay * decay * squaredWeights;
            }
        }

        void copy(Estimate other) {
            empty = other.empty;
            ewma = other.ewma;
            squaredWeights = other.squaredWeights;
        }

        void clear() {
            empty = true;
            ewma = 0;
            squaredWeights = 0;
        }
    }

    private final double driftConfidence;
    private final double warningConfidence;
    private final double lambda;
    private final boolean twoSided;
    private final double driftLog;
    private final double warningLog;

    private final Estimate all = new Estimate();
    private final Estimate beforeIncrease = new Estimate();
    private final Estimate afterIncrease = new Estimate();
    private final Estimate beforeDecrease = new Estimate();
    private final Estimate afterDecrease = new Estimate();
    private double increaseCut;
    private double decreaseCut;
    private long n;

    HddmW(double driftConfidence, double warningConfidence, double lambda, boolean twoSided) {
        super(NAME);
        this.driftConfidence = driftConfidence;
        this.warningConfidence = warningConfidence;
        this.lambda = lambda;
        this.twoSided = twoSided;
        this.driftLog = Math.log(1.0 / driftConfidence);
        this.warningLog = Math.log(1.0 / warningConfidence);
        restart();
    }

    @Override
    public Signal update(double value) {
        Inputs.requireUnitInterval(NAME, value);
        beginUpdate();
        n++;
        all.add(value, lambda);
        double bound = Math.sqrt(all.squaredWeights * driftLog / 2);
        if (all.ewma + bound < increaseCut) {
            increaseCut = all.ewma + bound;
            beforeIncrease.copy(all);
            afterIncrease.clear();
        } else {
            afterIncrease.add(value, lambda);
        }
        if (twoSided) {
            if (all.ewma - bound > decreaseCut) {
                decreaseCut = all.ewma - bound;
                beforeDecrease.copy(all);
                afterDecrease.clear();
            } else {
                afterDecrease.add(value, lambda);
            }
        }
        if (increased(driftLog) || twoSided && decreased(driftLog)) {
            drifted();
            restart();
            return Signal.DRIFT;
        }
        return increased(warningLog) || twoSided && decreased(warningLog) ? Signal.WARNING : Signal.NONE;
    }

    private static double gapBound(Estimate before, Estimate after, double log) {
        return Math.sqrt((before.squaredWeights + after.squaredWeights) * log / 2);
    }

    private boolean increased(double log) {
        return !beforeIncrease.empty && !afterIncrease.empty
                && afterIncrease.ewma - beforeIncrease.ewma > gapBound(beforeIncrease, afterIncrease, log);
    }

    private boolean decreased(double log) {
        return !beforeDecrease.empty && !afterDecrease.empty
                && beforeDecrease.ewma - afterDecrease.ewma > gapBound(beforeDecrease, afterDecrease, log);
    }

    @Override
    void restart() {
        n = 0;
        all.clear();
        beforeIncrease.clear();
        afterIncrease.clear();
        beforeDecrease.clear();
        afterDecrease.clear();
        increaseCut = Double.POSITIVE_INFINITY;
        decreaseCut = Double.NEGATIVE_INFINITY;
    }




    @Override
    Map<String, Object> snapshot() {
        Evidence e = new Evidence(NAME).put("n", n);
        if (!all.empty) {
            e.put("ewma", all.ewma);
        }
        if (!beforeIncrease.empty && !afterIncrease.empty) {
            e.put("cut_ewma", beforeIncrease.ewma)
                    .put("recent_ewma", afterIncrease.ewma)
                    .put("increase", afterIncrease.ewma - beforeIncrease.ewma)
                    .put("drift_bound", gapBound(beforeIncrease, afterIncrease, driftLog))
                    .put("warning_bound", gapBound(beforeIncrease, afterIncrease, warningLog));
        }
        if (twoSided && !beforeDecrease.empty && !afterDecrease.empty) {
            e.put("cut_max_ewma", beforeDecrease.ewma)
                    .put("recent_decrease_ewma", afterDecrease.ewma)
                    .put("decrease", beforeDecrease.ewma - afterDecrease.ewma)
                    .put("decrease_drift_bound", gapBound(beforeDecrease, afterDecrease, driftLog))
                    .put("decrease_warning_bound", gapBound(beforeDecrease, afterDecrease, warningLog));
        }
        return e.put("lambda", lambda)
                .put("two_sided", twoSided)
                .put("drift_confidence", driftConfidence)
                .put("warning_confidence", warningConfidence)
                .put("detections", detections())
                .build();
    }
}
