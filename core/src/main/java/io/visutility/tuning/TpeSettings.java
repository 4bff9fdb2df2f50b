package io.visutility.tuning;

/**
 * The settings of {@link Sampler#tpe(long, TpeSettings)}. The defaults are Optuna 3.1's
 * {@code TPESampler} defaults (which it documents; gamma and the weights ramp are fixed here), plus
 * constant liar.
 *
 * @param startupTrials finished (complete or pruned) trials before TPE starts; until then trials are random
 * @param eiCandidates candidates drawn from the good density per parameter, of which the best ratio wins
 * @param priorWeight weight of the prior kernel (mid-range, sigma = range) in both densities
 * @param constantLiar whether running trials count as bad results (the worst value), so that
 *     concurrent asks are steered away from each other's points
 * @param optuna31Densities whether continuous kernels are evaluated as Optuna 3.1 evaluates them,
 *     without the 1/σ factor of a normal density (optuna/optuna#5109), which weights each kernel by its
 *     bandwidth; needed to match Optuna 3.1's results. {@code false} uses normalised densities.
 */
public record TpeSettings(int startupTrials, int eiCandidates, double priorWeight, boolean constantLiar,
        boolean optuna31Densities) {

    public TpeSettings {
        if (startupTrials < 0) {
            throw new IllegalArgumentException("expected startup_trials ≥ 0 but got " + startupTrials);
        }
        if (eiCandidates < 1) {
            throw new IllegalArgumentException("expected ei_candidates ≥ 1 but got " + eiCandidates);
        }
        if (!(priorWeight > 0) || !Double.isFinite(priorWeight)) {
            throw new IllegalArgumentException("expected a positive, finite prior_weight but got " + priorWeight);
        }
    }

    /** 10 startup trials, 24 candidates, prior weight 1.0, constant liar on, Optuna 3.1's densities. */
    public static TpeSettings defaults() {
        return new TpeSettings(10, 24, 1.0, true, true);
    }

    public TpeSettings withStartupTrials(int n) {
        return new TpeSettings(n, eiCandidates, priorWeight, constantLiar, optuna31Densities);
    }

    public TpeSettings withEiCandidates(int n) {
        return new TpeSettings(startupTrials, n, priorWeight, constantLiar, optuna31Densities);
    }

    public TpeSettings withPriorWeight(double weight) {
        return new TpeSettings(startupTrials, eiCandidates, weight, constantLiar, optuna31Densities);
    }

    public TpeSettings withConstantLiar(boolean on) {
        return new TpeSettings(startupTrials, eiCandidates, priorWeight, on, optuna31Densities);
    }

    public TpeSettings withOptuna31Densities(boolean on) {
        return new TpeSettings(startupTrials, eiCandidates, priorWeight, constantLiar, on);
    }
}
