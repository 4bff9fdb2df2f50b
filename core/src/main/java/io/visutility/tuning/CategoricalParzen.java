package io.visutility.tuning;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A Parzen estimator of one categorical parameter: one kernel per observation plus a uniform prior
 * kernel. An observation's kernel puts {@code priorWeight / (n + 1)} on every choice and 1 more on
 * the observed one, normalised; kernels are mixed with {@link ParzenWeights} and the prior weight
 * (Optuna 3.1's rule). The mixture is a single categorical distribution, kept as probabilities.
 *
 * <p>A draw takes two uniforms, as Optuna 3.1's does: the first picks a kernel by its weight, the
 * second a choice from that kernel (the number of the kernel's cumulative probabilities below it).
 * Equivalent in distribution to one draw from the mixture; done this way so that the same uniforms
 * give the same choice as in Optuna.
 *
 * <p>The arithmetic is Optuna's, operation for operation (kernel rows normalised by numpy's pairwise
 * sum, the mixture summed over kernels oldest first), so the probabilities are Optuna's to the last
 * bit. That matters: when two choices' scores log l − log g are mathematically equal (common early
 * in a study, when both have been seen equally often), the last bits decide which candidate wins.
 */
final class CategoricalParzen {
    private final int[] observations;
    private final int choices;
    /** Normalised mixture weights, observations oldest first, then the prior. */
    private final double[] weights;
    private final double[] cumulativeWeights;
    /** rows[c]: the kernel of an observation of choice c; rows[choices]: the prior kernel. */
    private final double[][] rows;
    private final double[] probabilities;

    private CategoricalParzen(int[] observations, int choices, double priorWeight) {
        int n = observations.length;
        this.observations = observations.clone();
        this.choices = choices;
        double[] raw = ParzenWeights.withPrior(n, priorWeight);
        double total = Numpy.sum(raw);
        this.weights = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            weights[k] = raw[k] / total;
        }
        this.cumulativeWeights = ParzenWeights.cumulative(weights);
        double base = priorWeight / (n + 1);
        this.rows = new double[choices + 1][];
        for (int c = 0; c <= choices; c++) {
            double[] row = new double[choices];
            Arrays.fill(row, base);
            if (c < choices) {
                row[c] += 1;
            }
            double rowSum = Numpy.sum(row);
            for (int i = 0; i < choices; i++) {
                row[i] /= rowSum;
            }
            rows[c] = row;
        }
        double[] p = new double[choices];
        for (int c = 0; c < choices; c++) {
            double s = 0;
            for (int k = 0; k <= n; k++) {
                s += weights[k] * row(k)[c];
            }
            p[c] = s;
        }
        this.probabilities = p;
    }

    /** Kernel k's probabilities: an observation's row, or the prior's for k = n. */
    private double[] row(int k) {
        return rows[k < observations.length ? observations[k] : choices];
    }

    /** Fits to observed choice indices (oldest first) among {@code choices} choices. */
    static CategoricalParzen fit(int[] observations, int choices, double priorWeight) {
        return new CategoricalParzen(observations, choices, priorWeight);
    }

    int sample(SplittableRandom random) {
        return sample(random.nextDouble(), random.nextDouble());
    }

    /**
     * The choice drawn with the uniforms {@code uKernel} (which kernel) and {@code uChoice} (which of
     * its choices: the number of the kernel's cumulative probabilities below {@code uChoice}).
     */
    int sample(double uKernel, double uChoice) {
        double[] row = row(ParzenWeights.pick(cumulativeWeights, uKernel));
        double running = 0;
        int below = 0;
        for (int c = 0; c < choices; c++) {
            running += row[c];
            if (running < uChoice) {
                below++;
            }
        }
        return Math.min(below, choices - 1);
    }

    double logDensity(int choice) {
        return Math.log(probabilities[choice]);
    }

    double[] probabilities() {
        return probabilities.clone();
    }

    /** The normalised mixture weights: observations oldest first, then the prior. */
    double[] weights() {
        return weights.clone();
    }
}
