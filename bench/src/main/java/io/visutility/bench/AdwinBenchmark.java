package io.visutility.bench;

import io.visutility.drift.ChangeDetector;
import io.visutility.drift.Signal;
import io.visutility.drift.online.ChangeDetectors;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one {@link ChangeDetector#update} with default parameters, amortised over a stationary
 * stream (so ADWIN's window keeps growing and its periodic cut scan covers O(log W) buckets): standard
 * Gaussian values for ADWIN, Page-Hinkley and KSWIN, Bernoulli(0.1) errors for DDM, EDDM and HDDM.
 * Each detector first sees 1,000,000 values so that the measurement starts from a full window.
 * Target for ADWIN: ≤ 100 ns per update. Run: {@code java -jar bench/target/benchmarks.jar
 * AdwinBenchmark} (ADWIN only), or add {@code -p detector=adwin,page-hinkley,ddm,eddm,hddm-a,hddm-w,kswin}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class AdwinBenchmark {
    /** Values cycled through; a power of two so the index wraps with a mask. */
    private static final int VALUES = 1 << 20;

    @Param("adwin")
    String detector;

    private ChangeDetector changeDetector;
    private double[] values;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        changeDetector = ChangeDetectors.create(detector);
        boolean errorRate = detector.startsWith("ddm") || detector.startsWith("eddm") || detector.startsWith("hddm");
        SplittableRandom random = new SplittableRandom(2024);
        values = new double[VALUES];
        for (int i = 0; i < VALUES; i++) {
            values[i] = errorRate ? (random.nextDouble() < 0.1 ? 1 : 0) : random.nextGaussian();
        }
        for (int i = 0; i < 1_000_000; i++) {
            changeDetector.update(values[i & (VALUES - 1)]);
        }
    }

    @Benchmark
    public Signal update() {
        int i = next;
        next = (i + 1) & (VALUES - 1);
        return changeDetector.update(values[i]);
    }
}
