package io.visutility.bench;

import io.visutility.Orchestrator;
import io.visutility.registry.ModelVersion;
import io.visutility.registry.Registry;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Registry#latest} from two threads over a registry of 1,000 models × 100 versions (the
 * {@link Fixtures} metadata), each thread walking the model names round-robin. Target: ≥ 10M
 * lookups/s in total. Run: {@code java -jar bench/target/benchmarks.jar LatestBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
@State(Scope.Benchmark)
public class LatestBenchmark {
    @Param("1000")
    int models;

    @Param("100")
    int versionsPerModel;

    private Path dir;
    private Orchestrator orchestrator;
    private Registry registry;
    private String[] names;

    /** Each thread's position in the model names. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        @Setup(Level.Trial)
        public void start(LatestBenchmark b) {
            next = (int) (Thread.currentThread().threadId() * 7919 % b.models);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory(Path.of("").toAbsolutePath(), "latest-benchmark-");
        orchestrator = Orchestrator.open(Fixtures.loading(dir));
        registry = orchestrator.registry();
        Fixtures.load(registry, models, versionsPerModel, 16, false);
        names = new String[models];
        for (int m = 0; m < models; m++) {
            names[m] = Fixtures.model(m);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            orchestrator.close();
        } finally {
            Fixtures.deleteRecursively(dir);
        }
    }

    @Benchmark
    public ModelVersion latest(Cursor c) {
        int i = c.next;
        c.next = i + 1 == names.length ? 0 : i + 1;
        return registry.latest(names[i], false).orElseThrow();
    }
}
