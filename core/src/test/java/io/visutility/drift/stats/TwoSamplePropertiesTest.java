package io.visutility.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The statistics against their definitions, on random samples (with many ties, from a coarse grid). */
class TwoSamplePropertiesTest {

    @Property(tries = 300)
    void ksStatisticIsTheLargestGapBetweenTheEmpiricalCdfs(
            @ForAll("samples") double[] a, @ForAll("samples") double[] b) {
        double expected = 0;
        for (double v : concat(a, b)) {
            expected = Math.max(expected, Math.abs(cdf(a, v) - cdf(b, v)));
        }
        TwoSampleTests.TestResult r = TwoSampleTests.ks(a, b);
        assertThat(r.statistic()).isCloseTo(expected, within(1e-12));
        assertThat(r.pValue()).isBetween(0.0, 1.0);
        TwoSampleTests.TestResult swapped = TwoSampleTests.ks(b, a);
        assertThat(swapped.statistic()).isCloseTo(r.statistic(), within(1e-15));
        assertThat(swapped.pValue()).isCloseTo(r.pValue(), within(1e-12));
    }

    @Property(tries = 300)
    void wassersteinOfEqualSizesPairsTheSortedValues(
            @ForAll("samples") double[] a, @ForAll("sizes") int seed) {
        double[] b = Arrays.stream(a).map(v -> (v * 7 + seed) % 13).toArray();
        double[] sa = a.clone();
        double[] sb = b.clone();
        Arrays.sort(sa);
        Arrays.sort(sb);
        double expected = 0;
        for (int i = 0; i < sa.length; i++) {
            expected += Math.abs(sa[i] - sb[i]);
        }
        expected /= sa.length;
        assertThat(TwoSampleTests.wasserstein(a, b)).isCloseTo(expected, within(1e-12));
        assertThat(TwoSampleTests.wasserstein(b, a)).isCloseTo(expected, within(1e-12));
    }

    @Property(tries = 300)
    void binsHoldEveryValueOnce(@ForAll("samples") double[] a, @ForAll("samples") double[] b) {
        double[] sa = Samples.sortedFiniteCopy(a, "a");
        double[] sb = Samples.sortedFiniteCopy(b, "b");
        double[] edges = Binning.sturgesEdges(sa, sb);
        for (int i = 1; i < edges.length; i++) {
            assertThat(edges[i]).isGreaterThan(edges[i - 1]);
        }
        assertThat(Arrays.stream(Binning.histogram(sa, edges)).sum()).isEqualTo(a.length);
        assertThat(Arrays.stream(Binning.histogram(sb, edges)).sum()).isEqualTo(b.length);
    }

    @Property(tries = 300)
    void distancesAreSymmetricAndBounded(@ForAll("samples") double[] a, @ForAll("samples") double[] b) {
        TwoSampleTests.Percents p = TwoSampleTests.binnedPercents(Column.numeric(a), Column.numeric(b));
        double js = TwoSampleTests.jensenShannon(p.reference(), p.current());
        assertThat(js).isBetween(0.0, Math.sqrt(Math.log(2)) + 1e-15);
        assertThat(TwoSampleTests.jensenShannon(p.current(), p.reference())).isCloseTo(js, within(1e-15));
        double psi = TwoSampleTests.psi(p.reference(), p.current());
        assertThat(psi).isGreaterThanOrEqualTo(0.0);
        assertThat(TwoSampleTests.psi(p.current(), p.reference())).isCloseTo(psi, within(1e-12));
    }

    @Provide
    Arbitrary<double[]> samples() {
        return Arbitraries.integers().between(-40, 40).map(i -> i / 4.0)
                .array(double[].class).ofMinSize(1).ofMaxSize(60);
    }

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.integers().between(0, 12);
    }

    private static double cdf(double[] sample, double v) {
        return Arrays.stream(sample).filter(x -> x <= v).count() / (double) sample.length;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
