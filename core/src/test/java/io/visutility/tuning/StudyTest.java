package io.visutility.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.visutility.tuning.StudyEvent.TrialAsked;
import io.visutility.tuning.StudyEvent.TrialCompleted;
import io.visutility.tuning.StudyEvent.TrialFailed;
import io.visutility.tuning.StudyEvent.TrialPruned;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StudyTest {
    static final SearchSpace SPACE = SearchSpace.fromJson(SearchSpaceTest.EXAMPLE);

    @Test
    void askRecordsARunningTrialAndTellCompletesIt() {
        Study study = Study.create(SPACE, Direction.MINIMIZE, Sampler.random(1));

        Trial asked = study.ask().orElseThrow();
        Trial told = study.tell(asked.number(), 0.25);

        assertThat(asked.number()).isZero();
        assertThat(asked.state()).isEqualTo(TrialState.RUNNING);
        assertThat(asked.params().keySet()).containsExactly("lr", "batch_size", "epochs", "optimizer");
        assertThat(told.state()).isEqualTo(TrialState.COMPLETE);
        assertThat(told.value()).hasValue(0.25);
        assertThat(study.trials()).containsExactly(told);
        assertThat(study.events()).containsExactly(new TrialAsked(0, asked.params()), new TrialCompleted(0, 0.25));
    }

    @Test
    void bestIsTheLowestCompleteValueWhenMinimising() {
        Study study = Study.create(SPACE, Direction.MINIMIZE, Sampler.random(1));
        for (int i = 0; i < 5; i++) {
            study.ask();
        }
        study.tell(0, 3.0);
        study.fail(1, "out of memory");
        study.tell(2, 1.0);
        study.prune(3, -100.0);
        study.tell(4, 1.0);

        assertThat(study.best()).get().extracting(Trial::number).isEqualTo(2);
    }

    @Test
    void bestIsTheHighestCompleteValueWhenMaximising() {
        Study study = Study.create(SPACE, Direction.MAXIMIZE, Sampler.random(1));
        for (int i = 0; i < 3; i++) {
            study.ask();
        }
        study.tell(0, 0.7);
        study.tell(1, 0.9);
        study.fail(2, "diverged");

        assertThat(study.best()).get().extracting(Trial::number).isEqualTo(1);
    }

    @Test
    void failedTrialsAreKeptButNeverBest() {
        Study study = Study.create(SPACE, Direction.MINIMIZE, Sampler.random(1));
        study.ask();

        Trial failed = study.fail(0, "CUDA error");

        assertThat(study.best()).isEmpty();
        assertThat(failed.state()).isEqualTo(TrialState.FAILED);
        assertThat(failed.failure()).hasValue("CUDA error");
        assertThat(study.trials()).containsExactly(failed);
    }

    @Test
    void refusesReportsForUnknownOrFinishedTrialsAndChangesNothing() {
        Study study = Study.create(SPACE, Direction.MINIMIZE, Sampler.random(1));
        study.ask();
        study.tell(0, 1.0);
        List<StudyEvent> before = study.events();

        assertThatThrownBy(() -> study.tell(3, 1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no trial 3 in this study (trials are 0..0)");
        assertThatThrownBy(() -> study.tell(0, 2.0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("trial 0 is already complete; expected a running trial");
        assertThatThrownBy(() -> study.fail(0, "late")).isInstanceOf(IllegalStateException.class);
        assertThat(study.events()).isEqualTo(before);
    }

    @Test
    void refusesNonFiniteValues() {
        Study study = Study.create(SPACE, Direction.MINIMIZE, Sampler.random(1));
        study.ask();

        assertThatThrownBy(() -> study.tell(0, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a finite objective value for trial 0 but got NaN; report a trial without a "
                        + "value with fail()");
        assertThat(study.trial(0).state()).isEqualTo(TrialState.RUNNING);
    }

    @Test
    void replayRebuildsAnEqualStudy() {
        Study original = Study.create(SPACE, Direction.MINIMIZE, Sampler.tpe(7));
        runMixed(original, 25);

        Study rebuilt = Study.replay(SPACE, Direction.MINIMIZE, Sampler.tpe(7), original.events());

        assertThat(rebuilt.trials()).isEqualTo(original.trials());
        assertThat(rebuilt.events()).isEqualTo(original.events());
        assertThat(rebuilt.best()).isEqualTo(original.best());
    }

    @Test
    void replayFromJsonContinuesExactlyAsTheOriginalWould() {
        Study original = Study.create(SPACE, Direction.MINIMIZE, Sampler.tpe(7));
        runMixed(original, 20);
        List<String> journal = original.events().stream().map(StudyEvent::toJson).toList();

        Study rebuilt = Study.replay(SPACE, Direction.MINIMIZE, Sampler.tpe(7),
                journal.stream().map(StudyEvent::fromJson).toList());
        runMixed(original, 10);
        runMixed(rebuilt, 10);

        assertThat(rebuilt.trials()).isEqualTo(original.trials());
    }

    @Test
    void replayKeepsRunningTrialsRunningAndTheirWorkersMayReport() {
        Study original = Study.create(SPACE, Direction.MINIMIZE, Sampler.random(3));
        original.ask();
        original.ask();
        original.tell(1, 0.5);

        Study rebuilt = Study.replay(SPACE, Direction.MINIMIZE, Sampler.random(3), original.events());

        assertThat(rebuilt.trial(0).state()).isEqualTo(TrialState.RUNNING);
        assertThat(rebuilt.tell(0, 0.1).state()).isEqualTo(TrialState.COMPLETE);
    }

    @Test
    void replayRefusesAnInconsistentHistory() {
        Map<String, Object> params = Map.of("lr", 0.1, "batch_size", 32, "epochs", 10, "optimizer", "sgd");

        assertThatThrownBy(() -> Study.replay(SPACE, Direction.MINIMIZE, Sampler.random(1),
                List.of(StudyEvent.asked(0, params), new TrialCompleted(1, 0.5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("study event 1 (trial_completed of trial 1) does not follow from the ones before it: "
                        + "no trial 1 in this study (trials are 0..0)");
        assertThatThrownBy(() -> Study.replay(SPACE, Direction.MINIMIZE, Sampler.random(1),
                List.of(StudyEvent.asked(1, params))))
                .hasMessageEndingWith("expected trial number 0 to be asked next but got 1");
        assertThatThrownBy(() -> Study.replay(SPACE, Direction.MINIMIZE, Sampler.random(1),
                List.of(StudyEvent.asked(0, Map.of("lr", 0.1)))))
                .hasMessageEndingWith("parameter 'batch_size': expected a value but it is missing");
    }

    @Test
    void eventsRoundTripThroughJson() {
        List<StudyEvent> events = List.of(
                StudyEvent.asked(0, Map.of("lr", 1e-5, "batch_size", 512L, "epochs", 100L, "optimizer", "adam")),
                new TrialCompleted(0, -0.125),
                new TrialFailed(1, "OOM: \"cuda\""),
                new TrialPruned(2, OptionalDouble.of(0.5)),
                new TrialPruned(3, OptionalDouble.empty()));

        for (StudyEvent e : events) {
            assertThat(StudyEvent.fromJson(e.toJson())).isEqualTo(e);
        }
        assertThat(new TrialCompleted(3, 0.25).toJson()).isEqualTo("{\"type\":\"trial_completed\",\"v\":1,\"trial\":3,"
                + "\"value\":0.25}");
        assertThatThrownBy(() -> StudyEvent.fromJson("{\"type\":\"trial_completed\",\"v\":2,\"trial\":3}"))
                .hasMessage("expected study event schema version 1 but got 2");
    }

    @Test
    void warmStartCountsEveryEarlierTrial() {
        Study earlier = Study.create(SPACE, Direction.MINIMIZE, Sampler.random(5));
        runMixed(earlier, 12);
        earlier.ask();

        Study warm = Study.warmStart(SPACE, Direction.MINIMIZE, Sampler.tpe(5), earlier.trials());
        Trial next = warm.ask().orElseThrow();

        assertThat(warm.trials()).hasSize(14);
        assertThat(next.number()).isEqualTo(13);
        assertThat(warm.trial(12).state()).isEqualTo(TrialState.FAILED);
        assertThat(warm.trial(12).failure()).hasValue("still running (as trial 12) when this study was warm-started");
        assertThat(warm.best().map(Trial::value)).isEqualTo(earlier.best().map(Trial::value));
    }

    @Test
    void concurrentAsksGetDistinctNumbersAndEveryAskIsRecorded() throws Exception {
        Study study = Study.create(SPACE, Direction.MINIMIZE, Sampler.tpe(11));
        runMixed(study, 12);
        int workers = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Trial>> asked = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            for (int i = 0; i < workers; i++) {
                asked.add(pool.submit(() -> {
                    start.await();
                    return study.ask().orElseThrow();
                }));
            }
            start.countDown();
            Set<Integer> numbers = new HashSet<>();
            for (Future<Trial> f : asked) {
                numbers.add(f.get().number());
            }
            assertThat(numbers).hasSize(workers).allSatisfy(n -> assertThat(n).isBetween(12, 12 + workers - 1));
        }
        assertThat(study.trials()).hasSize(12 + workers);
        assertThat(study.events()).hasSize(2 * 12 + workers);
    }

    /** Asks n trials, failing every 7th, pruning every 5th and completing the rest with a toy objective. */
    static void runMixed(Study study, int n) {
        for (int i = 0; i < n; i++) {
            Trial t = study.ask().orElseThrow();
            if (t.number() % 7 == 6) {
                study.fail(t.number(), "failed on purpose");
            } else if (t.number() % 5 == 4) {
                study.prune(t.number(), 1.0);
            } else {
                study.tell(t.number(), Math.abs(Math.log10(t.doubleParam("lr")) + 3) + t.longParam("epochs") / 100.0
                        + (t.stringParam("optimizer").equals("adam") ? 0 : 0.5));
            }
        }
    }
}
