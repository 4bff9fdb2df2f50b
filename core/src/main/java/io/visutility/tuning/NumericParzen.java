package io.visutility.tuning;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A Parzen estimator of one numeric parameter on its internal axis (see {@link NumericScale}): a
 * weighted mixture of normals truncated to {@code [low, high]}, one per observation plus a prior
 * kernel centred mid-range with sigma = range.
 *
 * <p>Bandwidths follow Bergstra et al. 2011 as implemented by Optuna 3.1: the kernels are sorted
 * (the prior among them), each sigma is the larger gap to its sorted neighbours, with the axis ends
 * standing in beyond the first and last kernel, except that the first and last kernel take the gap
 * to their one inner neighbour (endpoints not considered). Sigmas are then clipped to
 * {@code [range / min(100, n + 2), range]} ("magic clip", n observations) and the prior's sigma is
 * reset to the range. Kernels at equal positions are sorted in numpy's argsort order, as Optuna sorts
 * them ({@link Numpy#argsort}). Mixture weights are {@link ParzenWeights} for the observations (oldest
 * first) and the prior weight, normalised by their numpy sum.
 *
 * <p>For a discrete parameter ({@code step > 0}) samples are snapped to the nearest value and the
 * density of a value is each kernel's mass on its bin {@code [x − step/2, x + step/2]}, divided by the
 * kernel's mass on the axis.
 *
 * <p>Optuna 3.1's densities: Optuna 3.1 evaluates a continuous kernel's truncated-normal log density
 * without its {@code −log σ} term (optuna/optuna#5109, fixed in 3.5), so kernel k effectively weighs
 * {@code w_k·σ_k}: wide kernels (the prior, isolated observations) count more and narrow clusters
 * less, in l(x) and g(x) alike. Sampling is unaffected. This changes which candidate wins, and with it
 * the results: matching Optuna 3.1's published benchmark needs it, so it is on by default
 * ({@link TpeSettings#optuna31Densities()}); off gives properly normalised densities. Discrete kernels
 * (bin masses) were always normalised and are the same either way.
 */
final class NumericParzen {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final double low;
    private final double high;
    private final double step;
    private final double[] mus;
    private final double[] sigmas;
    /** Normalised mixture weights, observations oldest first, then the prior. */
    private final double[] weights;
    private final double[] cumulativeWeights;
    /** Per kernel: log weight − log(mass on the axis), minus log sigma and log √(2π) when continuous. */
    private final double[] offsets;
    private final double[] scratch;

    private NumericParzen(double low, double high, double step, double[] mus, double[] sigmas, double[] weights,
            boolean optuna31) {
        this.low = low;
        this.high = high;
        this.step = step;
        this.mus = mus;
        this.sigmas = sigmas;
        int m = mus.length;
        this.weights = new double[m];
        this.offsets = new double[m];
        this.scratch = new double[m];
        double sum = Numpy.sum(weights);
        for (int k = 0; k < m; k++) {
            double w = weights[k] / sum;
            this.weights[k] = w;
            double logMass = StandardNormal.logMass((low - mus[k]) / sigmas[k], (high - mus[k]) / sigmas[k]);
            offsets[k] = Math.log(w) - logMass - (step > 0 ? 0 : (optuna31 ? 0 : Math.log(sigmas[k])) + LOG_SQRT_2PI);
        }
        this.cumulativeWeights = ParzenWeights.cumulative(this.weights);
    }

    /**
     * Fits the estimator to {@code observations} (internal values, oldest first) on the axis
     * {@code [low, high]}; {@code step} is the bin width of a discrete parameter or 0. With
     * {@code optuna31}, continuous kernels are evaluated as Optuna 3.1 evaluates them (see the class comment).
     */
    static NumericParzen fit(double[] observations, double low, double high, double step, double priorWeight,
            boolean optuna31) {
        int n = observations.length;
        int m = n + 1;
        double range = high - low;
        double priorMu = 0.5 * (low + high);

        double[] mus = Arrays.copyOf(observations, m);
        mus[n] = priorMu;
        double[] weights = ParzenWeights.withPrior(n, priorWeight);

        // Kernel positions in ascending order, equal positions in the order numpy's default argsort
        // leaves them in (as Optuna 3.1 sorts them): it decides which of several kernels at one position
        // gets which bandwidth.
        int[] order = Numpy.argsort(mus);

        double minSigma = range / Math.min(100.0, m + 1.0);
        double[] sigmas = new double[m];
        for (int r = 0; r < m; r++) {
            double here = mus[order[r]];
            double left = here - (r == 0 ? low : mus[order[r - 1]]);
            double right = (r == m - 1 ? high : mus[order[r + 1]]) - here;
            double sigma = Math.max(left, right);
            if (m >= 2 && r == 0) {
                sigma = right;
            } else if (m >= 2 && r == m - 1) {
                sigma = left;
            }
            sigmas[order[r]] = Math.min(range, Math.max(minSigma, sigma));
        }
        sigmas[n] = range;
        return new NumericParzen(low, high, step, mus, sigmas, weights, optuna31);
    }

    /** One draw from the mixture: a kernel by weight, then its truncated normal by inverse CDF. */
    double sample(SplittableRandom random) {
        return sample(random.nextDouble(), random.nextDouble());
    }

    /**
     * The draw made with the uniforms {@code uKernel} (which kernel, by cumulative weight) and
     * {@code uValue} (the quantile within the kernel's truncated normal), snapped to its bin's centre
     * when discrete.
     */
    double sample(double uKernel, double uValue) {
        int k = ParzenWeights.pick(cumulativeWeights, uKernel);
        double mu = mus[k];
        double sigma = sigmas[k];
        double z = StandardNormal.truncated((low - mu) / sigma, (high - mu) / sigma, uValue);
        double x = Math.max(low, Math.min(high, mu + sigma * z));
        return step > 0 ? snap(x) : x;
    }

    /** The centre of the bin holding {@code x}. */
    private double snap(double x) {
        long bins = Math.round((high - low) / step);
        long k = (long) Math.floor((x - low) / step);
        return low + (Math.max(0, Math.min(bins - 1, k)) + 0.5) * step;
    }

    /** log of the mixture's density at {@code x} (probability of x's bin when discrete), by log-sum-exp. */
    double logDensity(double x) {
        int m = mus.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < m; k++) {
            double lp;
            if (step > 0) {
                double half = step / 2;
                lp = offsets[k] + StandardNormal.logMass((x - half - mus[k]) / sigmas[k], (x + half - mus[k]) / sigmas[k]);
            } else {
                double z = (x - mus[k]) / sigmas[k];
                lp = offsets[k] - 0.5 * z * z;
            }
            scratch[k] = lp;
            if (lp > max) {
                max = lp;
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int k = 0; k < m; k++) {
            sum += Math.exp(scratch[k] - max);
        }
        return max + Math.log(sum);
    }

    double[] mus() {
        return mus.clone();
    }

    double[] sigmas() {
        return sigmas.clone();
    }

    /** The normalised mixture weights: observations oldest first, then the prior. */
    double[] weights() {
        return weights.clone();
    }
}
