package io.visutility.drift.online;

import io.visutility.drift.ChangeDetector;
import io.visutility.drift.Signal;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.PValueMethod;

/**
 * KSWIN, Kolmogorov-Smirnov Windowing, of Raab, Heusinger &amp; Schleif, "Reactive Soft Prototype
 * Computing for Concept Drift Streams" (Neurocomputing 416, 2020), with river's defaults.
 *
 * <p>Implementation notes. The detector keeps the last {@code window_size} values. Once the window
 * is full, every value triggers a two-sample Kolmogorov-Smirnov test between the newest
 * {@code stat_size} values and {@code stat_size} values drawn without replacement from the older
 * {@code window_size − stat_size}; it concludes drift when the p-value is at most {@code alpha} and
 * the statistic D exceeds 0.1, as river does. On drift the window keeps only the newest
 * {@code stat_size} values and refills from there. The p-value is Commons Statistics'
 * two-sided test, exact for samples of up to 10,000 values and asymptotic beyond, which is how
 * {@code scipy.stats.ks_2samp(method="auto")} (river's call) chooses; like scipy's exact method it
 * makes no correction for ties.
 *
 * <p>The draw uses {@link SplittableRandom} seeded with {@code seed}; river draws with Python's
 * {@code random.Random(seed).sample}, so the samples, and therefore p-values near {@code alpha},
 * differ from river's. The {@link Draw} is replaceable (package-private) so that tests can replay
 * river's draws and reproduce its output exactly.
 */
final class Kswin implements ChangeDetector {
    static final String NAME = "kswin";
    /** river's minimum statistic, which keeps tiny but "significant" differences from counting. */
    private static final double MIN_STATISTIC = 0.1;
    /** scipy's auto method is exact up to this sample size. */
    private static final int MAX_EXACT = 10_000;

    static DetectorSpec spec() {
        return new DetectorSpec(NAME, List.of(
                ParameterSpec.Real.open("alpha", 0.005, 0, 1,
                        "significance of the Kolmogorov-Smirnov test; keep it small, e.g. below 0.01"),
                new ParameterSpec.Whole("window_size", 100, 2, 1_000_000, "values kept in the sliding window"),
                ParameterSpec.Whole.atLeast("stat_size", 30, 1,
                        "size of each sample compared (at most half of window_size)"),
                new ParameterSpec.Whole("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE,
                        "seed of the draws from the older part of the window")),
                s -> {
                    if (2L * s.integer("stat_size") > s.integer("window_size")) {
                        throw new IllegalArgumentException("detector '" + NAME + "': parameter 'stat_size' must be"
                                + " at most half of window_size (" + s.integer("window_size") + "), but got "
                                + s.integer("stat_size"));
                    }
                    return new Kswin(s.real("alpha"), s.integer("window_size"), s.integer("stat_size"),
                            s.wide("seed"));
                });
    }

    private final double alpha;
    private final int windowSize;
    private final int statSize;
    private final long seed;
    private final KolmogorovSmirnovTest test;
    /** Ring buffer of the window; {@code head} is the oldest value's slot. */
    private final double[] window;
    private final double[] older;
    private final double[] newest;
    private final int[] chosen;
    private final LongFunction<Draw> draws;

    private Draw draw;
    private int head;
    private int filled;
    private long n;
    private double statistic = Double.NaN;
    private double pValue = Double.NaN;
    private long detections;

    /** Chooses which positions of the older part of the window are compared with the newest values. */
    interface Draw {
        /** Fills {@code chosen} with distinct positions in [0, population), uniformly at random. */
        void choose(int population, int[] chosen);
    }

    /** Partial Fisher-Yates shuffle of the positions, driven by a {@link SplittableRandom}. */
    static final class SplittableDraw implements Draw {
        private final SplittableRandom random;
        private int[] positions = new int[0];

        SplittableDraw(long seed) {
            this.random = new SplittableRandom(seed);
        }

        @Override
        public void choose(int population, int[] chosen) {
            if (positions.length != population) {
                positions = new int[population];
            }
            for (int i = 0; i < population; i++) {
                positions[i] = i;
            }
            for (int i = 0; i < chosen.length; i++) {
                int j = i + random.nextInt(population - i);
                int pick = positions[j];
                positions[j] = positions[i];
                positions[i] = pick;
                chosen[i] = pick;
            }
        }
    }

    Kswin(double alpha, int windowSize, int statSize, long seed) {
        this(alpha, windowSize, statSize, seed, SplittableDraw::new);
    }

    Kswin(double alpha, int windowSize, int statSize, long seed, LongFunction<Draw> draws) {
        this.alpha = alpha;
        this.windowSize = windowSize;
        this.statSize = statSize;
        this.seed = seed;
        this.test = KolmogorovSmirnovTest.withDefaults()
                .with(statSize <= MAX_EXACT ? PValueMethod.EXACT : PValueMethod.ASYMPTOTIC);
        this.window = new double[windowSize];
        this.older = new double[statSize];
        this.newest = new double[statSize];
        this.chosen = new int[statSize];
        this.draws = draws;
        this.draw = draws.apply(seed);
    }

    @Override
    public Signal update(double value) {
        Inputs.requireFinite(NAME, value);
        n++;
        append(value);
        if (filled < windowSize) {
            return Signal.NONE;
        }
        drawOlder();
        for (int i = 0; i < statSize; i++) {
            newest[i] = at(windowSize - statSize + i);
        }
        KolmogorovSmirnovTest.TwoResult result = test.test(older, newest);
        statistic = result.getStatistic();
        pValue = result.getPValue();
        if (pValue <= alpha && statistic > MIN_STATISTIC) {
            keepNewest();
            detections++;
            return Signal.DRIFT;
        }
        return Signal.NONE;
    }

    private void append(double value) {
        if (filled < windowSize) {
            window[(head + filled) % windowSize] = value;
            filled++;
        } else {
            window[head] = value;
            head = (head + 1) % windowSize;
        }
    }

    /** The value at position {@code i} of the window, 0 being the oldest. */
    private double at(int i) {
        return window[(head + i) % windowSize];
    }

    private void drawOlder() {
        draw.choose(windowSize - statSize, chosen);
        for (int i = 0; i < statSize; i++) {
            older[i] = at(chosen[i]);
        }
    }

    /** After a drift the window restarts from the newest {@code stat_size} values. */
    private void keepNewest() {
        System.arraycopy(newest, 0, window, 0, statSize);
        head = 0;
        filled = statSize;
    }

    @Override
    public void reset() {
        draw = draws.apply(seed);
        head = 0;
        filled = 0;
        n = 0;
        statistic = Double.NaN;
        pValue = Double.NaN;
        detections = 0;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The last test's statistic and p-value (kept after a drift), and how full the window is. */
    @Override
    public Map<String, Object> evidence() {
        return new Evidence(NAME)
                .put("n", n)
                .put("window", filled)
                .put("statistic", statistic)
                .put("p_value", pValue)
                .put("alpha", alpha)
                .put("detections", detections)
                .build();
    }
}
