package io.visutility.drift.online;

import io.visutility.drift.Signal;
import java.util.List;
import java.util.Map;

/**
 * DDM, the Drift Detection Method of Gama, Medas, Castillo &amp; Rodrigues, "Learning with Drift
 * Detection" (SBIA 2004), with river's defaults. Input: 1 for a wrong prediction, 0 for a right one
 * (any loss in [0, 1] is accepted).
 *
 * <p>Implementation notes. The error rate p_i is the running mean of the inputs and
 * s_i = sqrt(p_i (1 - p_i) / i) its binomial standard deviation. After {@code warm_start} values
 * (strictly more, as in river) the detector remembers p_min and s_min at the point where p_i + s_i
 * was lowest, and reports a warning while p_i + s_i &gt; p_min + {@code warning_threshold}·s_min
 * and a drift when p_i + s_i &gt; p_min + {@code drift_threshold}·s_min. A drift restarts every
 * statistic. As published, an error-free warm start leaves p_min = s_min = 0, so the first error
 * after it is a drift.
 */
final class Ddm extends RestartingDetector {
    static final String NAME = "ddm";

    static DetectorSpec spec() {
        return new DetectorSpec(NAME, List.of(
                ParameterSpec.Whole.atLeast("warm_start", 30, 1, "values seen before the first test"),
                ParameterSpec.Real.positive("warning_threshold", 2.0,
                        "standard deviations above the best error rate that signal a warning"),
                ParameterSpec.Real.positive("drift_threshold", 3.0,
                        "standard deviations above the best error rate that signal a drift")),
                s -> {
                    if (s.real("warning_threshold") > s.real("drift_threshold")) {
                        throw s.conflict("warning_threshold", "at most", "drift_threshold");
                    }
                    return new Ddm(s.integer("warm_start"), s.real("warning_threshold"),
                            s.real("drift_threshold"));
                });
    }

    private final int warmStart;
    private final double warningThreshold;
    private final double driftThreshold;

    private long n;
    private double p;
    private double s;
    private double pMin;
    private double sMin;
    private double psMin;

    Ddm(int warmStart, double warningThreshold, double driftThreshold) {
        super(NAME);
        this.warmStart = warmStart;
        this.warningThreshold = warningThreshold;
        this.driftThreshold = driftThreshold;
        restart();
    }

    @Override
    public Signal update(double value) {
        Inputs.requireUnitInterval(NAME, value);
        beginUpdate();
        n++;
        p += (value - p) / n;
        s = Math.sqrt(p * (1 - p) / n);
        if (n <= warmStart) {
            return Signal.NONE;
        }
        if (p + s <= psMin) {
            pMin = p;
            sMin = s;
            psMin = p + s;
        }
        if (p + s > pMin + driftThreshold * sMin) {
            drifted();
            restart();
            return Signal.DRIFT;
        }
        return p + s > pMin + warningThreshold * sMin ? Signal.WARNING : Signal.NONE;
    }

    @Override
    void restart() {
        n = 0;
        p = 0;
        s = 0;
        pMin = Double.POSITIVE_INFINITY;
        sMin = Double.POSITIVE_INFINITY;
        psMin = Double.POSITIVE_INFINITY;
    }




    @Override
    Map<String, Object> snapshot() {
        return new Evidence(NAME)
                .put("n", n)
                .put("p", p)
                .put("s", s)
                .put("p_plus_s", p + s)
                .put("p_min", pMin)
                .put("s_min", sMin)
                .put("p_min_plus_s_min", psMin)
                .put("warning_level", pMin + warningThreshold * sMin)
                .put("drift_level", pMin + driftThreshold * sMin)
                .put("detections", detections())
                .build();
    }
}
