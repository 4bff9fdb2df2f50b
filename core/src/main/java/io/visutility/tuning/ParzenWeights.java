package io.visutility.tuning;

import java.util.Arrays;

/**
 * The weights of the observation kernels in a Parzen estimator, oldest observation first (Optuna's
 * {@code default_weights}): all 1 below 25 observations; from 25 on, the newest 25 weigh 1 and the
 * older {@code n − 25} rise linearly from {@code 1/n} towards 1, so that old trials fade.
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
                for (int i = 0; i < ramp; i++) {
                    w[i] = start + i * (1.0 - start) / (ramp - 1);
                }
            }
        }
        return w;
    }
}
