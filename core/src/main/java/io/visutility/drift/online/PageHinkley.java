package io.visutility.drift.online;

import io.visutility.drift.Signal;
import java.util.List;
import java.util.Map;

/**
 * The Page-Hinkley test (Page, "Continuous Inspection Schemes", Biometrika 1954), in the streaming
 * form used for concept drift by Gama et al. and by river, with river's defaults.
 *
 * <p>Implementation notes. With x̄_t the running mean including x_t, the detector keeps the
 * cumulative deviations {@code m_t = α·m_{t-1} + (x_t - x̄_t - δ)} (for increases) and
 * {@code m'_t = α·m'_{t-1} + (x_t - x̄_t + δ)} (for decreases), with their running minimum and
 * maximum. An increase is concluded when {@code m_t - min m > λ}, a decrease when
 * {@code max m' - m'_t > λ}; {@code mode} chooses which are tested. α &lt; 1 is the fading factor
 * river adds so that old deviations count less. Nothing is tested before {@code min_instances}
 * values. After a drift every statistic starts again, as in river.
 */
final class PageHinkley extends RestartingDetector {
    static final String NAME = "page-hinkley";

    static DetectorSpec spec() {
        return new DetectorSpec(NAME, List.of(
                ParameterSpec.Whole.atLeast("min_instances", 30, 1, "values seen before the first test"),
                new ParameterSpec.Real("delta", 0.005, 0, false, Double.POSITIVE_INFINITY, true,
                        "magnitude of change tolerated: subtracted from each deviation"),
                ParameterSpec.Real.positive("threshold", 50.0,
                        "λ: the cumulative deviation that signals a drift"),
                new ParameterSpec.Real("alpha", 0.9999, 0, true, 1, false,
                        "fading factor applied to the cumulative deviation (1 = no fading)"),
                new ParameterSpec.Choice("mode", "both", List.of("up", "down", "both"),
                        "detect increases of the mean (up), decreases (down) or both")),
                s -> new PageHinkley(s.integer("min_instances"), s.real("delta"), s.real("threshold"),
                        s.real("alpha"), s.choice("mode")));
    }

    private final int minInstances;
    private final double delta;
    private final double threshold;
    private final double alpha;
    private final String mode;
    private final boolean testIncrease;
    private final boolean testDecrease;

    private long n;
    private double mean;
    private double sumIncrease;
    private double minIncrease;
    private double sumDecrease;
    private double maxDecrease;

    PageHinkley(int minInstances, double delta, double threshold, double alpha, String mode) {
        super(NAME);
        this.minInstances = minInstances;
        this.delta = delta;
        this.threshold = threshold;
        this.alpha = alpha;
        this.mode = mode;
        this.testIncrease = !mode.equals("down");
        this.testDecrease = !mode.equals("up");
        restart();
    }

    @Override
    public Signal update(double value) {
        Inputs.requireFinite(NAME, value);
        beginUpdate();
        n++;
        mean += (value - mean) / n;
        double deviation = value - mean;
        sumIncrease = alpha * sumIncrease + deviation - delta;
        minIncrease = Math.min(minIncrease, sumIncrease);
        sumDecrease = alpha * sumDecrease + deviation + delta;
        maxDecrease = Math.max(maxDecrease, sumDecrease);
        if (n < minInstances) {
            return Signal.NONE;
        }
        boolean increased = testIncrease && sumIncrease - minIncrease > threshold;
        boolean decreased = testDecrease && maxDecrease - sumDecrease > threshold;
        if (increased || decreased) {
            drifted();
            restart();
            return Signal.DRIFT;
        }
        return Signal.NONE;
    }

    @Override
    void restart() {
        n = 0;
        mean = 0;
        sumIncrease = 0;
        minIncrease = Double.POSITIVE_INFINITY;
        sumDecrease = 0;
        maxDecrease = Double.NEGATIVE_INFINITY;
    }




    @Override
    Map<String, Object> snapshot() {
        return new Evidence(NAME)
                .put("n", n)
                .put("mean", n == 0 ? Double.NaN : mean)
                .put("sum_increase", sumIncrease)
                .put("min_increase", minIncrease)
                .put("statistic_increase", sumIncrease - minIncrease)
                .put("sum_decrease", sumDecrease)
                .put("max_decrease", maxDecrease)
                .put("statistic_decrease", maxDecrease - sumDecrease)
                .put("threshold", threshold)
                .put("mode", mode)
                .put("detections", detections())
                .build();
    }
}
