package io.visutility.drift.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.visutility.drift.Signal;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * ADWIN's compressed window against a model: the plain list of every value fed. Whatever ADWIN
 * drops, it drops oldest-first and whole buckets at a time, so its window must always be exactly the
 * last {@code width} values, with their sum and variance, in O(log width) buckets.
 */
class AdwinWindowTest {

    @Provide
    Arbitrary<List<Integer>> regimes() {
        // Runs of values around a level that jumps now and then, so that some cuts hold.
        return Arbitraries.integers().between(-50, 50).flatMap(level -> Arbitraries.integers()
                .between(level - 3, level + 3).list().ofMinSize(1).ofMaxSize(300))
                .list().ofMinSize(1).ofMaxSize(8)
                .map(runs -> runs.stream().flatMap(List::stream).toList());
    }

    @Property(tries = 300)
    void windowIsAlwaysTheLatestValues(@ForAll("regimes") List<Integer> values,
            @ForAll @IntRange(min = 1, max = 40) int clock, @ForAll @IntRange(min = 2, max = 7) int maxBuckets,
            @ForAll @IntRange(min = 1, max = 10) int minWindowLength) {
        Adwin adwin = new Adwin(0.05, clock, maxBuckets, minWindowLength, 10);
        double[] fed = new double[values.size()];
        boolean drifted = false;
        for (int i = 0; i < fed.length; i++) {
            fed[i] = values.get(i);
            Signal signal = adwin.update(fed[i]);
            drifted |= signal == Signal.DRIFT;
            if (signal == Signal.DRIFT || i == fed.length - 1) {
                assertWindowIsTheLast(adwin, fed, i + 1, maxBuckets);
            }
        }
        Statistics.label("drifted").collect(drifted)
                .coverage(coverage -> coverage.check(true).percentage(p -> p > 20));
    }

    private static void assertWindowIsTheLast(Adwin adwin, double[] fed, int count, int maxBuckets) {
        long width = adwin.width();
        assertThat(width).isBetween(1L, (long) count);
        double sum = 0;
        for (int i = count - (int) width; i < count; i++) {
            sum += fed[i];
        }
        double mean = sum / width;
        double squares = 0;
        for (int i = count - (int) width; i < count; i++) {
            squares += (fed[i] - mean) * (fed[i] - mean);
        }
        Map<String, Object> evidence = adwin.evidence();
        assertThat((Double) evidence.get("total")).isEqualTo(sum);
        assertThat((Double) evidence.get("variance")).isCloseTo(squares / width, within(1e-9 * (1 + squares)));
        int rows = 64 - Long.numberOfLeadingZeros(width);
        assertThat(adwin.buckets()).isLessThanOrEqualTo(maxBuckets * rows);
    }

    @Example
    void keepsOLogWBucketsOverAMillionValues() {
        Adwin adwin = new Adwin(0.002, 32, 5, 5, 10);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1_000_000; i++) {
            adwin.update(random.nextGaussian());
        }

        long width = adwin.width();
        int rows = 64 - Long.numberOfLeadingZeros(width);
        assertThat(adwin.buckets()).isLessThanOrEqualTo(5 * rows).isLessThanOrEqualTo(5 * 20);
        assertThat((Double) adwin.evidence().get("mean")).isCloseTo(0.0, within(5 / Math.sqrt(width)));
    }
}
