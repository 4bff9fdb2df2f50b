package io.visutility.tuning;

import java.util.Arrays;

/**
 * The weights of the observation kernels in a Parzen estimator, oldest observation first (Optuna's
 * {@code default_weights}): all 1 below 25 observations; from 25 on, the newest 25 weigh 1 and the
 * older {@code n − 25} rise linearly from {@code 1/n} to 1 (numpy's {@code linspace(1/n, 1, n − 25)}),
 * so that old trials fade.
 */
final class ParzenWeights {
    static final int FLAT = 25;

    private ParzenWeights() {}

    static double[] of(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0);
        int ramp = n - FLAT;
        if (ramp >= 1) {
            double start = 1.0 / n;
            if (ramp == 1) {
                w[0] = start;
            } else {
                double delta = (1.0 - start) / (ramp - 1);
                for (int i = 0; i < ramp - 1; i++) {
                    w[i] = i * delta + start;
                }
                w[ramp - 1] = 1.0;
            }
        }
        return w;
    }

    /** {@link #of(int) of(n)} followed by the prior's weight. */
    static double[] withPrior(int n, double priorWeight) {
        double[] w = Arrays.copyOf(of(n), n + 1);
        w[n] = priorWeight;
        return w;
    }

    /**
     * The distribution function a kernel is picked by: running sums of the normalised weights, each
     * divided by the last (as numpy's {@code RandomState.choice} makes it).
     */
    static double[] cumulative(double[] normalised) {
        double[] c = new double[normalised.length];
        double running = 0;
        for (int k = 0; k < c.length; k++) {
            running += normalised[k];
            c[k] = running;
        }
        for (int k = 0; k < c.length; k++) {
            c[k] /= running;
        }
        return c;
    }

    /**
     * The kernel a uniform {@code u} picks: the number of cumulative weights at or below {@code u}
     * (numpy's {@code searchsorted(cdf, u, side="right")}, as in {@code RandomState.choice}).
     */
    static int pick(double[] cumulative, double u) {
        int k = 0;
        while (k < cumulative.length - 1 && cumulative[k] <= u) {
            k++;
        }
        return k;
    }
}
