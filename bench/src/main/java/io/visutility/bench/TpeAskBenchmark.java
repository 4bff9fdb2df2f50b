package io.visutility.bench;

import io.visutility.tuning.Direction;
import io.visutility.tuning.History;
import io.visutility.tuning.Proposal;
import io.visutility.tuning.Sampler;
import io.visutility.tuning.Study;
import io.visutility.tuning.StudyEvent;
import io.visutility.tuning.Suggestion;
import io.visutility.tuning.Trial;
import java.util.List;
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
 * Cost of one TPE suggestion once a study has 100 completed trials (target: ≤ 1 ms). {@code ask}
 * is {@link Study#ask()} on a study rebuilt before each call from the same 100 trials (the rebuild is
 * not timed), so every call suggests trial 100; {@code propose} is the sampler alone on that history.
 * Objectives: {@code toy_cv_train7} (7 parameters: categorical, log, int log, stepped int, float) and
 * {@code hartmann6} (6 floats). Run: {@code java -jar bench/target/benchmarks.jar TpeAskBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class TpeAskBenchmark {
    private static final int COMPLETED = 100;

    @Param({"toy_cv_train7", "hartmann6"})
    String objective;

    private TunerBenchmark.Objective target;
    private List<StudyEvent> events;
    private History history;
    private Sampler sampler;

    /** A study rebuilt from the 100 trials before every call, so that each ask is trial 100's. */
    @State(Scope.Thread)
    public static class Rebuilt {
        Study study;

        @Setup(Level.Invocation)
        public void rebuild(TpeAskBenchmark benchmark) {
            study = Study.replay(benchmark.target.space(), Direction.MINIMIZE, benchmark.sampler, benchmark.events);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        target = TunerBenchmark.objectives().stream().filter(o -> o.name().equals(objective)).findFirst().orElseThrow();
        sampler = Sampler.tpe(0);
        Study warm = Study.create(target.space(), Direction.MINIMIZE, sampler);
        for (int i = 0; i < COMPLETED; i++) {
            Trial t = warm.ask().orElseThrow();
            warm.tell(t.number(), target.f().applyAsDouble(t));
        }
        events = warm.events();
        history = new History(target.space(), Direction.MINIMIZE, warm.trials());
    }

    @Benchmark
    public Suggestion ask(Rebuilt rebuilt) {
        return rebuilt.study.ask();
    }

    @Benchmark
    public Proposal propose() {
        return sampler.propose(history);
    }
}
