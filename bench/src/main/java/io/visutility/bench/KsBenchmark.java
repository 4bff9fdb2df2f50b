package io.visutility.bench;

import io.visutility.drift.stats.Column;
import io.visutility.drift.stats.DriftComparison;
import io.visutility.drift.stats.DriftMethod;
import io.visutility.drift.stats.FeatureDrift;
import io.visutility.drift.stats.TwoSampleTests;
import java.util.OptionalDouble;
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
 * The two-sample drift statistics on two samples of {@code size} normal values (the current one
 * shifted by 0.05 standard deviations), from unsorted arrays as a caller would pass them, so sorting
 * is included. Target: {@code ks} of two 10k samples (exact p-value) in at most 2 ms. The
 * {@code compare*} benchmarks start from prebuilt {@link Column}s (sorted once when built), as
 * {@link DriftComparison} does per feature. Run:
 * {@code java -jar bench/target/benchmarks.jar KsBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class KsBenchmark {
    @Param("10000")
    int size;

    @Param("20240611")
    long seed;

    private double[] reference;
    private double[] current;
    private Column referenceColumn;
    private Column currentColumn;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(seed);
        reference = new double[size];
        current = new double[size];
        for (int i = 0; i < size; i++) {
            reference[i] = random.nextGaussian();
            current[i] = random.nextGaussian() + 0.05;
        }
        referenceColumn = Column.numeric(reference);
        currentColumn = Column.numeric(current);
    }

    @Benchmark
    public TwoSampleTests.TestResult ks() {
        return TwoSampleTests.ks(reference, current);
    }

    @Benchmark
    public double wasserstein() {
        return TwoSampleTests.wasserstein(reference, current);
    }

    /** Sturges binning of both samples and the PSI of the percentages. */
    @Benchmark
    public double psi() {
        TwoSampleTests.Percents p = TwoSampleTests.binnedPercents(Column.numeric(reference), Column.numeric(current));
        return TwoSampleTests.psi(p.reference(), p.current());
    }

    @Benchmark
    public FeatureDrift compareKs() {
        return DriftComparison.compare("x", referenceColumn, currentColumn, DriftMethod.KS, OptionalDouble.empty());
    }

    @Benchmark
    public FeatureDrift compareWasserstein() {
        return DriftComparison.compare(
                "x", referenceColumn, currentColumn, DriftMethod.WASSERSTEIN, OptionalDouble.empty());
    }

    @Benchmark
    public FeatureDrift comparePsi() {
        return DriftComparison.compare("x", referenceColumn, currentColumn, DriftMethod.PSI, OptionalDouble.empty());
    }
}
