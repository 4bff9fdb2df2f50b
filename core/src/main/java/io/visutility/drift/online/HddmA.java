package io.visutility.drift.online;

import io.visutility.drift.Signal;
import java.util.List;
import java.util.Map;

/**
 * HDDM_A, the moving-average test of Frías-Blanco, del Campo-Ávila, Ramos-Jiménez, Morales-Bueno,
 * Ortiz-Díaz &amp; Caballero-Mota, "Online and Non-Parametric Drift Detection Methods Based on
 * Hoeffding's Bounds" (IEEE TKDE 27(3), 2015), with river's defaults: a one-sided test for an
 * increase of the mean (of an error indicator or any value in [0, 1]); two-sided optional.
 *
 * <p>Implementation notes. With X̄_n the mean of all n values since the last drift and
 * ε(k) = sqrt(ln(1/δ_drift) / 2k) Hoeffding's bound, the detector keeps a cut point: the prefix of
 * length k whose X̄_k + ε(k) was smallest (for increases; largest X̄_k − ε(k) for decreases). It
 * concludes an increase when
 *
 * <pre>
 *   X̄_n − X̄_k ≥ sqrt((n − k) / (k · n) / 2 · ln(2 / δ))
 * </pre>
 *
 * with δ = {@code drift_confidence} (drift) or {@code warning_confidence} (warning). A drift
 * restarts every statistic.
 */
final class HddmA extends RestartingDetector {
    static final String NAME = "hddm-a";

    static DetectorSpec spec() {
        return new DetectorSpec(NAME, List.of(
                ParameterSpec.Real.open("drift_confidence", 0.001, 0, 1,
                        "significance of the drift test"),
                ParameterSpec.Real.open("warning_confidence", 0.005, 0, 1,
                        "significance of the warning test (at least drift_confidence)"),
                new ParameterSpec.Flag("two_sided", false,
                        "also detect decreases of the mean, not only increases")),
                s -> {
                    if (s.real("drift_confidence") > s.real("warning_confidence")) {
                        throw s.conflict("drift_confidence", "at most", "warning_confidence");
                    }
                    return new HddmA(s.real("drift_confidence"), s.real("warning_confidence"),
                            s.flag("two_sided"));
                });
    }

    private final double driftConfidence;
    private final double warningConfidence;
    private final boolean twoSided;
    private final double cutLog;
    private final double driftLog;
    private final double warningLog;

    private long n;
    private double sum;
    private long minN;
    private double minSum;
    private long maxN;
    private double maxSum;

    HddmA(double driftConfidence, double warningConfidence, boolean twoSided) {
        super(NAME);
        this.driftConfidence = driftConfidence;
        this.warningConfidence = warningConfidence;
        this.twoSided = twoSided;
        this.cutLog = Math.log(1.0 / driftConfidence);
        this.driftLog = Math.log(2.0 / driftConfidence);
        this.warningLog = Math.log(2.0 / warningConfidence);
    }

    @Override
    public Signal update(double value) {
        Inputs.requireUnitInterval(NAME, value);
        beginUpdate();
        n++;
        sum += value;
        if (minN == 0) {
            minN = n;
            minSum = sum;
        }
        if (maxN == 0) {
            maxN = n;
            maxSum = sum;
        }
        double mean = sum / n;
        double bound = cutBound(n);
        if (minSum / minN + cutBound(minN) >= mean + bound) {
            minN = n;
            minSum = sum;
        }
        if (maxSum / maxN - cutBound(maxN) <= mean - bound) {
            maxN = n;
            maxSum = sum;
        }
        if (increased(driftLog) || twoSided && decreased(driftLog)) {
            drifted();
            restart();
            return Signal.DRIFT;
        }
        return increased(warningLog) || twoSided && decreased(warningLog) ? Signal.WARNING : Signal.NONE;
    }

    private double cutBound(long count) {
        return Math.sqrt(1.0 / (2 * count) * cutLog);
    }

    private double testBound(long cutN, double log) {
        double m = (double) (n - cutN) / cutN * (1.0 / n);
        return Math.sqrt(m / 2 * log);
    }

    private boolean increased(double log) {
        return minN != n && sum / n - minSum / minN >= testBound(minN, log);
    }

    private boolean decreased(double log) {
        return maxN != n && maxSum / maxN - sum / n >= testBound(maxN, log);
    }

    @Override
    void restart() {
        n = 0;
        sum = 0;
        minN = 0;
        minSum = 0;
        maxN = 0;
        maxSum = 0;
    }




    @Override
    Map<String, Object> snapshot() {
        Evidence e = new Evidence(NAME)
                .put("n", n)
                .put("mean", n == 0 ? Double.NaN : sum / n);
        if (n > 0) {
            e.put("cut_n", minN)
                    .put("cut_mean", minSum / minN)
                    .put("increase", sum / n - minSum / minN)
                    .put("drift_bound", testBound(minN, driftLog))
                    .put("warning_bound", testBound(minN, warningLog));
            if (twoSided) {
                e.put("cut_max_n", maxN)
                        .put("cut_max_mean", maxSum / maxN)
                        .put("decrease", maxSum / maxN - sum / n)
                        .put("decrease_drift_bound", testBound(maxN, driftLog))
                        .put("decrease_warning_bound", testBound(maxN, warningLog));
            }
        }
        return e.put("two_sided", twoSided)
                .put("drift_confidence", driftConfidence)
                .put("warning_confidence", warningConfidence)
                .put("detections", detections())
                .build();
    }
}
