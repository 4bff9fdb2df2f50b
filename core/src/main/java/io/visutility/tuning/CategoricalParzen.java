package io.visutility.tuning;

import java.util.SplittableRandom;

/**
 * A Parzen estimator of one categorical parameter: one kernel per observation plus a uniform prior
 * kernel. An observation's kernel puts {@code priorWeight / (n + 1)} on every choice and 1 more on
 * the observed one, normalised; kernels are mixed with {@link ParzenWeights} and the prior weight
 * (Optuna 3.1's rule). The mixture is a single categorical distribution, kept as probabilities.
 */
final class CategoricalParzen {
    private final double[] probabilities;
    private final double[] cumulative;

    private CategoricalParzen(double[] probabilities) {
        this.probabilities = probabilities;
        this.cumulative = new double[probabilities.length];
        double running = 0;
        for (int c = 0; c < probabilities.length; c++) {
            running += probabilities[c];
            cumulative[c] = running;
        }
        cumulative[cumulative.length - 1] = 1.0;
    }

    /** Fits to observed choice indices (oldest first) among {@code choices} choices. */
    static CategoricalParzen fit(int[] observations, int choices, double priorWeight) {
        int n = observations.length;
        double[] weights = ParzenWeights.of(n);
        double total = priorWeight;
        for (double w : weights) {
            total += w;
        }
        double base = priorWeight / (n + 1);
        double rowSum = choices * base + 1;
        double[] p = new double[choices];
        // The prior kernel is uniform; each observation's kernel is base everywhere plus 1 at its choice.
        double uniform = priorWeight / total / choices;
        double spread = 0;
        for (int i = 0; i < n; i++) {
            double w = weights[i] / total;
            spread += w * base / rowSum;
            p[observations[i]] += w / rowSum;
        }
        for (int c = 0; c < choices; c++) {
            p[c] += uniform + spread;
        }
        return new CategoricalParzen(p);
    }

    int sample(SplittableRandom random) {
        double u = random.nextDouble();
        int c = 0;
        while (c < cumulative.length - 1 && cumulative[c] <= u) {
            c++;
        }
        return c;
    }

    double logDensity(int choice) {
        return Math.log(probabilities[choice]);
    }

    double[] probabilities() {
        return probabilities.clone();
    }
}
