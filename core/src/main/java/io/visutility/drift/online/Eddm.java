package io.visutility.drift.online;

import io.visutility.drift.Signal;
import java.util.List;
import java.util.Map;

/**
 * EDDM, the Early Drift Detection Method of Baena-García, del Campo-Ávila, Fidalgo, Bifet, Gavaldà
 * &amp; Morales-Bueno (ECML PKDD workshop on knowledge discovery from data streams, 2006), with
 * river's defaults. Input: 1 for a wrong prediction, 0 for a right one.
 *
 * <p>Implementation notes. EDDM watches the distance (in values) between consecutive errors: while
 * a model learns, errors grow further apart; after a change they bunch up. At each error it updates
 * the mean d̄ and the sample standard deviation s_d of the distances (Welford; sample, not
 * population, deviation as in river) and computes m2s = d̄ + 2·s_d. Once {@code warm_start} values
 * have been seen it tracks the largest m2s; once more than {@code warm_start} errors have been seen
 * (the paper's "30 errors", MOA's second gate) it compares the ratio m2s / max m2s with
 * {@code alpha} (below: warning) and {@code beta} (below: drift). The warning holds until the next
 * error re-evaluates it. A drift restarts every statistic.
 */
final class Eddm extends RestartingDetector {
    static final String NAME = "eddm";

    static DetectorSpec spec() {
        return new DetectorSpec(NAME, List.of(
                ParameterSpec.Whole.atLeast("warm_start", 30, 1,
                        "values seen before the largest m2s is tracked, and errors seen before the first test"),
                ParameterSpec.Real.open("alpha", 0.95, 0, 1,
                        "warning when m2s falls below this fraction of its maximum"),
                ParameterSpec.Real.open("beta", 0.9, 0, 1,
                        "drift when m2s falls below this fraction of its maximum")),
                s -> {
                    if (s.real("beta") > s.real("alpha")) {
                        throw s.conflict("beta", "at most", "alpha");
                    }
                    return new Eddm(s.integer("warm_start"), s.real("alpha"), s.real("beta"));
                });
    }

    private final int warmStart;
    private final double alpha;
    private final double beta;

    private long n;
    private long errors;
    private long lastError;
    private double meanDistance;
    private double squaredDeviations;
    private double m2s;
    private double m2sMax;
    private boolean warning;

    Eddm(int warmStart, double alpha, double beta) {
        super(NAME);
        this.warmStart = warmStart;
        this.alpha = alpha;
        this.beta = beta;
        restart();
    }

    @Override
    public Signal update(double value) {
        Inputs.requireErrorIndicator(NAME, value);
        beginUpdate();
        n++;
        if (value == 1) {
            warning = false;
            errors++;
            double distance = n - lastError;
            lastError = n;
            double previousMean = meanDistance;
            meanDistance += (distance - previousMean) / errors;
            squaredDeviations += (distance - previousMean) * (distance - meanDistance);
            double std = errors > 1 ? Math.sqrt(squaredDeviations / (errors - 1)) : 0.0;
            m2s = meanDistance + 2 * std;
            if (n >= warmStart) {
                if (m2s > m2sMax) {
                    m2sMax = m2s;
                } else if (errors > warmStart) {
                    double ratio = m2s / m2sMax;
                    if (ratio < beta) {
                        drifted();
                        restart();
                        return Signal.DRIFT;
                    }
                    warning = ratio < alpha;
                }
            }
        }
        return warning ? Signal.WARNING : Signal.NONE;
    }

    @Override
    void restart() {
        n = 0;
        errors = 0;
        lastError = 0;
        meanDistance = 0;
        squaredDeviations = 0;
        m2s = Double.NaN;
        m2sMax = Double.NEGATIVE_INFINITY;
        warning = false;
    }




    @Override
    Map<String, Object> snapshot() {
        return new Evidence(NAME)
                .put("n", n)
                .put("errors", errors)
                .put("mean_distance", errors == 0 ? Double.NaN : meanDistance)
                .put("std_distance", errors > 1 ? Math.sqrt(squaredDeviations / (errors - 1)) : Double.NaN)
                .put("m2s", m2s)
                .put("m2s_max", m2sMax)
                .put("ratio", m2s / m2sMax)
                .put("warning", warning)
                .put("detections", detections())
                .build();
    }
}
