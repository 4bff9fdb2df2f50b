package io.visutility.bench;

import io.visutility.drift.ChangeDetector;
import io.visutility.drift.Signal;
import io.visutility.drift.online.ChangeDetectors;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * False alarms of the online change detectors on stationary streams, printed as a Markdown table
 * for docs/BENCHMARKS.md: drifts and warnings per 100,000 events, default parameters, mean and range
 * over several seeds. Streams (seeded {@link SplittableRandom}, seeds 1..n): Bernoulli(0.1) errors
 * for the error-rate detectors (DDM, EDDM, HDDM_A, HDDM_W), standard Gaussian values for the others
 * (ADWIN, Page-Hinkley, KSWIN). Every alarm is false: nothing changes.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.visutility.bench.FalseAlarms [events] [seeds]}
 * (defaults 1,000,000 events and 5 seeds; the counts are deterministic, not timings).
 */
public final class FalseAlarms {
    private FalseAlarms() {}

    public static void main(String[] args) {
        int events = args.length > 0 ? Integer.parseInt(args[0].replace("_", "").replace(",", "")) : 1_000_000;
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        if (events <= 0 || seeds <= 0) {
            throw new IllegalArgumentException("expected a positive number of events and seeds, but got " + events
                    + " and " + seeds);
        }
        System.out.printf(Locale.ROOT, "False alarms per 100,000 events on stationary streams: %,d events x %d seeds"
                + " (SplittableRandom seeds 1..%d), default parameters.%n%n", events, seeds, seeds);
        System.out.println("| detector | stream | drifts / 100k: mean | min..max | warnings / 100k: mean | min..max |");
        System.out.println("|---|---|---|---|---|---|");
        for (String name : ChangeDetectors.names()) {
            boolean errorRate = isErrorRate(name);
            double[] drifts = new double[seeds];
            double[] warnings = new double[seeds];
            for (int s = 0; s < seeds; s++) {
                long[] counts = run(ChangeDetectors.create(name), errorRate, events, s + 1);
                drifts[s] = counts[0] * 100_000.0 / events;
                warnings[s] = counts[1] * 100_000.0 / events;
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", name,
                    errorRate ? "Bernoulli(0.1) errors" : "N(0, 1)", mean(drifts), range(drifts),
                    errorRate ? mean(warnings) : "—", errorRate ? range(warnings) : "—");
        }
    }

    private static boolean isErrorRate(String name) {
        return name.equals("ddm") || name.equals("eddm") || name.startsWith("hddm");
    }

    /** Number of drifts and of warnings over {@code events} stationary values. */
    private static long[] run(ChangeDetector detector, boolean errorRate, int events, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long drifts = 0;
        long warnings = 0;
        for (int i = 0; i < events; i++) {
            double value = errorRate ? (random.nextDouble() < 0.1 ? 1 : 0) : random.nextGaussian();
            Signal signal = detector.update(value);
            if (signal == Signal.DRIFT) {
                drifts++;
            } else if (signal == Signal.WARNING) {
                warnings++;
            }
        }
        return new long[] {drifts, warnings};
    }

    private static String mean(double[] values) {
        return String.format(Locale.ROOT, "%.2f", Arrays.stream(values).average().orElse(Double.NaN));
    }

    private static String range(double[] values) {
        return String.format(Locale.ROOT, "%.2f..%.2f", Arrays.stream(values).min().orElse(Double.NaN),
                Arrays.stream(values).max().orElse(Double.NaN));
    }
}
