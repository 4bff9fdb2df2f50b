package io.visutility.tuning;

/**
 * Chooses the parameter values of the next trial from the history of a study (the Strategy a
 * {@link Study} is given). Samplers shipped here are deterministic: the same seed and the same
 * history give the same proposal, because their randomness is derived from the seed and the trial
 * number alone, so a study rebuilt from its events after a restart continues exactly as the original
 * would have. They keep no state between calls and may be shared between studies.
 */
public interface Sampler {

    /**
     * Proposes values for trial {@code history.nextTrialNumber()}, or says the space is exhausted.
     * Called by the study under its lock, one call at a time.
     */
    Proposal propose(History history);

    /** Uniform in each parameter's range (log-uniform on log scales, uniform over steps and choices). */
    static Sampler random(long seed) {
        return new RandomSampler(seed);
    }

    /**
     * Tree-structured Parzen Estimator with Optuna 3.1's defaults and constant liar: the first 10
     * trials are random (the same as {@link #random(long)} with this seed), then 24 candidates per
     * parameter are drawn from the density of good trials and the one most likely under it relative
     * to the bad ones wins. See {@link TpeSettings#defaults()}.
     */
    static Sampler tpe(long seed) {
        return new TpeSampler(seed, TpeSettings.defaults());
    }

    static Sampler tpe(long seed, TpeSettings settings) {
        return new TpeSampler(seed, settings);
    }

    /**
     * Walks the Cartesian product of every parameter's values in order (first parameter slowest):
     * choices, the values of int and stepped float parameters, and 10
     * evenly spaced points (geometrically on a log scale, ends included) for a float without a step.
     * Points already used by a trial of any state are skipped; when none is left it answers exhausted.
     */
    static Sampler grid() {
        return new GridSampler(GridSampler.DEFAULT_FLOAT_POINTS);
    }

    /** As {@link #grid()}, with {@code floatPoints} (≥ 2) points for each float without a step. */
    static Sampler grid(int floatPoints) {
        return new GridSampler(floatPoints);
    }

    /**
     * Learning-rate decay for a space of exactly one float parameter without a step (such as
     * {@code lr}): the first trial gets {@code initial}, each later one the previous trial's value times
     * {@code factor}, never below {@code floor} (nor the parameter's low). Once the floor is reached
     * the value can no longer move and the sampler answers exhausted. Seed 003's schedule is
     * {@code decay(0.1, 0.8, 1e-5)}: 0.1, 0.08, 0.064, …
     */
    static Sampler decay(double initial, double factor, double floor) {
        return new DecaySampler(initial, factor, floor);
    }
}
