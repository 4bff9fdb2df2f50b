package io.visutility.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Parzen estimators against Optuna 3.1's {@code _ParzenEstimator} (Debian's python3-optuna 3.1.0,
 * univariate, default parameters): the reference numbers below are what it returns for the same
 * observations. Optuna evaluates on [0, 1]-normalised axes, so the continuous cases use [0, 1].
 */
class ParzenEstimatorTest {
    private static final double TOLERANCE = 1e-9;

    @Test
    void continuousBandwidthsAndDensitiesMatchOptuna31() {
        NumericParzen p = NumericParzen.fit(new double[] {0.2, 0.5, 0.9}, 0, 1, 0, 1.0, true);

        assertThat(p.sigmas()).containsExactly(new double[] {0.3, 0.3, 0.4, 1.0}, within(1e-15));
        assertThat(logDensities(p, 0.05, 0.3, 0.5, 0.77, 0.95)).containsExactly(new double[] {
            -0.8981667429077916, -0.6430715509603937, -0.5883895074424972, -0.6771693282161803, -0.8078740911337842},
                within(TOLERANCE));
    }

    @Test
    void olderObservationsFadeAfter25AsInOptuna31() {
        double[] observations = new double[27];
        for (int i = 1; i <= 27; i++) {
            observations[i - 1] = (i * 0.37) % 1;
        }
        NumericParzen p = NumericParzen.fit(observations, 0, 1, 0, 1.0, true);

        assertThat(p.sigmas()[26]).isCloseTo(1.0 / 29, within(1e-15)); // magic clip: range / (n + 2)
        assertThat(logDensities(p, 0.05, 0.3, 0.5, 0.77, 0.95)).containsExactly(new double[] {
            -2.6411243103103677, -2.6182463237145233, -2.5332817078703913, -2.5525137936511206, -2.5338106845992803},
                within(TOLERANCE));
        assertThat(ParzenWeights.of(27)).startsWith(1.0 / 27, 1.0).endsWith(1.0);
        assertThat(ParzenWeights.of(24)).containsOnly(1.0);
    }

    @Test
    void discreteBinsMatchOptuna31() {
        // An int in [5, 100] with step 5: the axis is widened by half a step to [2.5, 102.5].
        NumericParzen p = NumericParzen.fit(new double[] {10, 60, 95}, 2.5, 102.5, 5, 1.0, true);

        assertThat(p.sigmas()).containsExactly(new double[] {42.5, 35, 35, 100}, within(1e-12));
        assertThat(logDensities(p, 5, 10, 50, 95, 100)).containsExactly(new double[] {
            -3.257997594650247, -3.207821222335215, -2.925321180834345, -3.003871836417484, -3.057527083352011},
                within(TOLERANCE));
        double total = 0;
        for (int x = 5; x <= 100; x += 5) {
            total += Math.exp(p.logDensity(x));
        }
        assertThat(total).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void categoricalKernelsMatchOptuna31() {
        CategoricalParzen few = CategoricalParzen.fit(new int[] {0, 0, 2}, 3, 1.0);
        int[] many = new int[30];
        for (int i = 0; i < 30; i++) {
            many[i] = new int[] {0, 1, 1, 2, 1}[i % 5];
        }
        CategoricalParzen ramped = CategoricalParzen.fit(many, 3, 1.0);

        assertThat(new double[] {few.logDensity(0), few.logDensity(1), few.logDensity(2)}).containsExactly(
                new double[] {-0.7419373447293773, -1.6582280766035324, -1.0986122886681098}, within(1e-12));
        assertThat(new double[] {ramped.logDensity(0), ramped.logDensity(1), ramped.logDensity(2)}).containsExactly(
                new double[] {-1.6064412065654943, -0.5522152682693386, -1.4973303585182716}, within(1e-12));
    }

    @Test
    void normalisedDensitiesIntegrateToOneAndSamplesFollowThem() {
        NumericParzen p = NumericParzen.fit(new double[] {0.2, 0.5, 0.9, 0.93}, 0, 1, 0, 1.0, false);
        int n = 100_000;
        double integral = 0;
        for (int i = 0; i < n; i++) {
            integral += Math.exp(p.logDensity((i + 0.5) / n)) / n;
        }
        double[] histogram = new double[4];
        SplittableRandom random = new SplittableRandom(42);
        int draws = 200_000;
        for (int i = 0; i < draws; i++) {
            double x = p.sample(random);
            assertThat(x).isBetween(0.0, 1.0);
            histogram[Math.min(3, (int) (x * 4))] += 1.0 / draws;
        }

        assertThat(integral).isCloseTo(1.0, within(1e-6));
        for (int b = 0; b < 4; b++) {
            double expected = 0;
            for (int i = 0; i < 1000; i++) {
                expected += Math.exp(p.logDensity(b / 4.0 + (i + 0.5) / 4000.0)) / 4000.0;
            }
            assertThat(histogram[b]).as("quarter %d", b).isCloseTo(expected, within(0.005));
        }
    }

    private static double[] logDensities(NumericParzen p, double... xs) {
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = p.logDensity(xs[i]);
        }
        return out;
    }
}
