package io.visutility.tuning;

import io.visutility.tuning.Parameter.FloatParam;
import io.visutility.tuning.Parameter.IntParam;

/**
 * How TPE sees a numeric parameter: the internal axis its kernels live on and how values map to it.
 * Log-scaled parameters are modelled in log space. Int and stepped float parameters have their
 * bounds widened by half a step, so the end values get a full bin, and are discrete ({@code step > 0}):
 * a kernel's mass on a value is that of its bin. A log-scaled int is continuous in log space over
 * {@code [ln(low − ½), ln(high + ½)]} and rounded afterwards (as Optuna 3.1 does).
 *
 * @param low lower end of the internal axis (widened, log)
 * @param high upper end of the internal axis
 * @param step bin width on the internal axis, or 0 for a continuous parameter
 */
record NumericScale(Parameter parameter, double low, double high, double step) {

    static NumericScale of(Parameter parameter) {
        return switch (parameter) {
            case FloatParam f when f.log() -> new NumericScale(f, Math.log(f.low()), Math.log(f.high()), 0);
            case FloatParam f when f.step().isPresent() -> {
                double q = f.step().getAsDouble();
                yield new NumericScale(f, f.low() - q / 2, f.high() + q / 2, q);
            }
            case FloatParam f -> new NumericScale(f, f.low(), f.high(), 0);
            case IntParam i when i.log() -> new NumericScale(i, Math.log(i.low() - 0.5), Math.log(i.high() + 0.5), 0);
            case IntParam i -> new NumericScale(i, i.low() - i.step() / 2.0, i.high() + i.step() / 2.0, i.step());
            case Parameter.CategoricalParam c -> throw new IllegalArgumentException(
                    "parameter '" + c.name() + "' is categorical, not numeric");
        };
    }

    /** A canonical value of the parameter on the internal axis. */
    double internal(Object value) {
        double v = ((Number) value).doubleValue();
        return isLog() ? Math.log(v) : v;
    }

    /** The canonical parameter value nearest to {@code x} on the internal axis. */
    Object external(double x) {
        return switch (parameter) {
            case FloatParam f when f.log() -> clamp(Math.exp(x), f.low(), f.high());
            case FloatParam f when f.step().isPresent() -> {
                long k = Math.round((x - f.low()) / f.step().getAsDouble());
                yield ParamValues.onGrid(f, Math.max(0, Math.min(f.stepCount() - 1, k)));
            }
            case FloatParam f -> clamp(x, f.low(), f.high());
            case IntParam i -> {
                double v = i.log() ? Math.exp(x) : x;
                long k = Math.round((v - i.low()) / i.step());
                yield i.low() + Math.max(0, Math.min(i.stepCount() - 1, k)) * i.step();
            }
            case Parameter.CategoricalParam c -> throw new IllegalStateException("categorical " + c.name());
        };
    }

    private boolean isLog() {
        return parameter instanceof FloatParam f && f.log() || parameter instanceof IntParam i && i.log();
    }

    private static double clamp(double v, double low, double high) {
        return Math.max(low, Math.min(high, v));
    }
}
