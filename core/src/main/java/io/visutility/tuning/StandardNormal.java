package io.visutility.tuning;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The standard normal distribution as TPE's truncated kernels need it: the log density, the log of
 * the probability of an interval computed without cancellation in either tail, and the inverse CDF.
 */
final class StandardNormal {
    private static final NormalDistribution N = NormalDistribution.of(0, 1);
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private StandardNormal() {}

    static double logPdf(double z) {
        return -0.5 * z * z - LOG_SQRT_2PI;
    }

    static double cdf(double z) {
        return N.cumulativeProbability(z);
    }

    static double survival(double z) {
        return N.survivalProbability(z);
    }

    static double inverseCdf(double p) {
        return N.inverseCumulativeProbability(p);
    }

    /** log P(a ≤ Z ≤ b) for a ≤ b: from the upper tail when both are positive, the lower when both are negative. */
    static double logMass(double a, double b) {
        double mass;
        if (a >= 0) {
            mass = survival(a) - survival(b);
        } else if (b <= 0) {
            mass = cdf(b) - cdf(a);
        } else {
            mass = 1 - cdf(a) - survival(b);
        }
        return Math.log(Math.max(mass, 0));
    }

    /**
     * A draw from Z truncated to [a, b] by inverse CDF, given a uniform u in [0, 1): the z with
     * P(a ≤ Z ≤ z) = u·P(a ≤ Z ≤ b). Worked through the survival function when a ≥ 0 so that
     * upper-tail intervals keep their precision (the same split as Optuna 3.1's {@code _truncnorm.ppf},
     * so the same u gives the same z).
     */
    static double truncated(double a, double b, double u) {
        double z;
        if (a >= 0) {
            double sa = survival(a);
            double sb = survival(b);
            z = -inverseCdf(sb + (1 - u) * (sa - sb));
        } else {
            double pa = cdf(a);
            double pb = cdf(b);
            z = inverseCdf(pa + u * (pb - pa));
        }
        return Math.min(b, Math.max(a, z));
    }
}
