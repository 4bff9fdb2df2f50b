package io.visutility.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.event.PromotionDecided;
import io.visutility.event.StudyRecorded;
import io.visutility.monitor.MonitorPolicy;
import io.visutility.monitor.ObserverStats;
import io.visutility.monitor.Telemetry;
import io.visutility.registry.JobState;
import io.visutility.registry.ModelVersion;
import io.visutility.registry.NewVersion;
import io.visutility.registry.RetrainJob;
import io.visutility.registry.RetrainRequestOutcome;
import io.visutility.registry.SequentialIds;
import io.visutility.registry.TestConfig;
import io.visutility.tuning.SearchSpace;
import com.fasterxml.jackson.databind.node.DoubleNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retraining loop end to end on a real orchestrator with a manual clock: detection → one job →
 * tuned training → a new version with lineage → champion/challenger decision.
 */
class RetrainFlowTest {
    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    static final SearchSpace LR = SearchSpace.fromJson("""
            {"lr": {"type": "float", "low": 1e-5, "high": 1, "log": true}}""");

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(T0);
    /** One id source across restarts, as random UUIDs would be. */
    final SequentialIds ids = new SequentialIds();

    OrchestratorConfig config() {
        return TestConfig.fast(dir).withClock(clock).withIds(ids);
    }

    static void registerProduction(Orchestrator o, String model, double accuracy) {
        String sha = TestConfig.storeArtifact(o.registry(), "weights of " + model + " 1.0.0");
        o.registry().register(NewVersion.of(model, "1.0.0", sha).withMetrics(Map.of("accuracy", DoubleNode.valueOf(
                accuracy))));
        o.registry().promote(model, "1.0.0", null);
    }

    static RetrainJob awaitEnded(Orchestrator o, String model) {
        await().atMost(20, TimeUnit.SECONDS).until(() -> o.registry().jobs().list(model).stream()
                .anyMatch(j -> !j.active()));
        return o.registry().jobs().list(model).getLast();
    }

    /** Every telemetry item analysed and every journaled event seen by the retrainer. */
    static void awaitQuiet(Orchestrator o) {
        await().atMost(20, TimeUnit.SECONDS).until(() -> {
            List<ObserverStats> observers = o.telemetry().observers();
            long handled = observers.stream().mapToLong(s -> s.delivered() + s.dropped() + s.failed()).sum();
            long committed = o.registry().store().committedPosition();
            return observers.stream().allMatch(s -> s.queued() == 0) && handled == o.telemetry().accepted()
                    && o.bus().subscriptions().stream().filter(x -> x.name().equals(Orchestrator.RETRAINER))
                            .allMatch(x -> x.lastPosition() >= committed)
                    && o.retrainer().runningCount() == 0;
        });
    }

    private void decayingAccuracy(Orchestrator o, String model) {
        o.setMonitorPolicy(model, MonitorPolicy.parse("""
                {"cooldown_seconds": 0, "detectors": [{"type": "accuracy_decay", "window": 10, "min_drop": 0.05}]}"""));
        for (int i = 0; i < 80; i++) {
            double acc = i < 20 ? 0.92 : Math.max(0.3, 0.92 - 0.02 * (i - 20));
            o.telemetry().publish(new Telemetry.AccuracySample(model, "1.0.0", T0.plusSeconds(i), acc, 100));
        }
    }

    @Test
    void decayingAccuracyLeadsToExactlyOneJobAndABetterPatchVersionIsPromoted() throws Exception {
        ScriptedModel trained = ScriptedModel.constant(0.95);
        try (Orchestrator o = Orchestrator.open(config())) {
            registerProduction(o, "gate", 0.90);
            o.retrainer().configure("gate", RetrainConfig.of(Trainer.inProcess(trained))
                    .withSearch(LR, SamplerChoice.tpe(7)));
            decayingAccuracy(o, "gate");
            // several detections (the monitor's cooldown is off), all journaled before the checks below
            await().atMost(20, TimeUnit.SECONDS).until(() -> o.registry().detections("gate", null).size() >= 3);
            awaitQuiet(o);

            List<RetrainJob> jobs = o.registry().jobs().list("gate");
            assertThat(jobs).hasSize(1);
            RetrainJob job = jobs.getFirst();
            assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(job.trigger()).isEqualTo("detection");
            assertThat(job.attempts()).isEqualTo(1);
            assertThat(job.newVersion()).isEqualTo("1.0.1");
            assertThat(job.reasons().getFirst()).startsWith("accuracy_decay drift on gate@1.0.0");
            assertThat(trained.fits).hasSize(1);
            assertThat(trained.fits.getFirst().parent()).isPresent();
            assertThat(trained.fits.getFirst().params()).containsOnlyKeys("lr");

            ModelVersion v = o.registry().get("gate", "1.0.1").orElseThrow();
            assertThat(v.lineage().parentVersion()).isEqualTo("1.0.0");
            assertThat(v.lineage().trainingJobId()).isEqualTo(job.id());
            assertThat(v.lineage().detection()).startsWith("accuracy_decay/drift@");
            assertThat(v.metrics().get("accuracy").asDouble()).isEqualTo(0.95);
            assertThat(v.params()).containsOnlyKeys("lr");
            assertThat(o.registry().alias("gate", "production").orElseThrow().version()).isEqualTo("1.0.1");

            List<PromotionDecided> decisions = o.registry().promotions().history("gate");
            assertThat(decisions).hasSize(1);
            assertThat(decisions.getFirst().decision()).isEqualTo("promoted");
            assertThat(decisions.getFirst().champion()).isEqualTo("1.0.0");
            assertThat(decisions.getFirst().candidateValue()).isEqualTo(0.95);
            assertThat(decisions.getFirst().championValue()).isEqualTo(0.90);

            List<StudyRecorded> steps = o.registry().studies().steps("gate", "default");
            assertThat(steps).extracting(s -> s.step().get("type").asText())
                    .containsExactly("trial_asked", "trial_completed");
            assertThat(steps.getFirst().sampler()).startsWith("tpe(seed=7");
        }
        // all of it survives a restart
        try (Orchestrator o = Orchestrator.open(config())) {
            assertThat(o.registry().jobs().list("gate")).singleElement()
                    .satisfies(j -> assertThat(j.state()).isEqualTo(JobState.SUCCEEDED));
            assertThat(o.registry().promotions().history("gate")).hasSize(1);
            assertThat(o.registry().studies().steps("gate", "default")).hasSize(2);
        }
    }

    @Test
    void aWorseChallengerIsRegisteredButTheChampionKeepsProduction() throws Exception {
        try (Orchestrator o = Orchestrator.open(config())) {
            registerProduction(o, "gate", 0.90);
            o.retrainer().configure("gate", RetrainConfig.of(Trainer.inProcess(ScriptedModel.constant(0.85))));
            RetrainRequestOutcome r = o.retrainer().request("gate", "nightly");
            assertThat(r.kind()).isEqualTo(RetrainRequestOutcome.Kind.QUEUED);
            RetrainJob job = awaitEnded(o, "gate");
            assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
            awaitQuiet(o);
            assertThat(o.registry().get("gate", "1.0.1")).isPresent();
            assertThat(o.registry().alias("gate", "production").orElseThrow().version()).isEqualTo("1.0.0");
            PromotionDecided d = o.registry().promotions().history("gate").getFirst();
            assertThat(d.decision()).isEqualTo("kept");
            assertThat(d.reason()).startsWith("not better: accuracy 0.85 (candidate 1.0.1) vs 0.9 (champion 1.0.0)");
        }
    }

    @Test
    void manualPromotionHoldsTheChallengerUntilApprovedAndRollbackRestoresTheChampion() throws Exception {
        try (Orchestrator o = Orchestrator.open(config())) {
            registerProduction(o, "gate", 0.90);
            o.retrainer().configure("gate", RetrainConfig.of(Trainer.inProcess(ScriptedModel.constant(0.93)))
                    .withPromotion(PromotionPolicy.defaults().withMode(PromotionPolicy.Mode.MANUAL)));
            o.retrainer().request("gate", "nightly");
            awaitEnded(o, "gate");
            awaitQuiet(o);
            assertThat(o.registry().promotions().pending("gate")).singleElement()
                    .satisfies(p -> assertThat(p.candidate()).isEqualTo("1.0.1"));
            assertThat(o.registry().alias("gate", "production").orElseThrow().version()).isEqualTo("1.0.0");

            PromotionDecided approved = o.registry().promotions().approve("gate", "1.0.1", null, null);
            assertThat(approved.champion()).isEqualTo("1.0.0");
            assertThat(approved.candidateValue()).isEqualTo(0.93);
            assertThat(o.registry().alias("gate", "production").orElseThrow().version()).isEqualTo("1.0.1");
            assertThat(o.registry().promotions().pending("gate")).isEmpty();

            PromotionDecided back = o.registry().promotions().rollback("gate", null, "bad on night images");
            assertThat(back.candidate()).isEqualTo("1.0.0");
            assertThat(back.champion()).isEqualTo("1.0.1");
            assertThat(o.registry().alias("gate", "production").orElseThrow().version()).isEqualTo("1.0.0");
        }
    }

    @Test
    void aJobRunningWhenTheProcessDiesIsInterruptedAndRetriedAfterTheBackoff() throws Exception {
        String jobId;
        try (Orchestrator o = Orchestrator.open(config())) {
            registerProduction(o, "gate", 0.90);
            // no configuration yet, so the retrainer leaves the job alone; start its attempt the way the
            // retrainer would, then stop without ending it: the journal now reads as after a kill -9
            jobId = o.retrainer().request("gate", "nightly").job().orElseThrow().id();
            o.registry().jobs().start(jobId, 1, null, null, "jobs/" + jobId + "/attempt-1/train.log");
        }
        ScriptedModel trained = ScriptedModel.constant(0.95);
        try (Orchestrator o = Orchestrator.open(config())) {
            RetrainJob interrupted = o.registry().jobs().get(jobId).orElseThrow();
            assertThat(interrupted.state()).isEqualTo(JobState.INTERRUPTED);
            assertThat(interrupted.retryAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
            assertThat(interrupted.active()).isTrue();

            o.retrainer().configure("gate", RetrainConfig.of(Trainer.inProcess(trained)));
            assertThat(o.retrainer().dispatch()).isEmpty(); // not due yet
            clock.advance(Duration.ofMinutes(1));
            o.retrainer().dispatch();
            RetrainJob done = awaitEnded(o, "gate");
            assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(done.attempts()).isEqualTo(2);
            assertThat(done.newVersion()).isEqualTo("1.0.1");
            assertThat(trained.fits).hasSize(1);
        }
    }

    @Test
    void aFailingTrainerFailsTheJobRetriesItAndRegistersNothing() throws Exception {
        try (Orchestrator o = Orchestrator.open(config())) {
            registerProduction(o, "gate", 0.90);
            long versionsBefore = o.registry().versionCount();
            o.retrainer().configure("gate", RetrainConfig.of(Trainer.command(List.of("/bin/sh", "-c",
                    "echo preparing data; echo 'CUDA out of memory' >&2; exit 3")))
                    .withPolicy(RetrainPolicy.defaults().withRetries(2, Duration.ofMinutes(5), Duration.ofHours(1))));
            o.retrainer().request("gate", "nightly");
            await().atMost(20, TimeUnit.SECONDS).until(() -> o.registry().jobs().list("gate").getFirst().state()
                    == JobState.FAILED);
            RetrainJob first = o.registry().jobs().list("gate").getFirst();
            assertThat(first.failure()).startsWith("training program exited with status 3")
                    .endsWith("(attempt 1 of 2; retrying at " + T0.plus(Duration.ofMinutes(5)) + ")");
            assertThat(first.active()).isTrue();
            assertThat(java.nio.file.Files.readString(dir.resolve(first.log())))
                    .contains("preparing data").contains("CUDA out of memory");

            clock.advance(Duration.ofMinutes(5));
            o.retrainer().dispatch();
            await().atMost(20, TimeUnit.SECONDS).until(() -> !o.registry().jobs().list("gate").getFirst().active());
            RetrainJob last = o.registry().jobs().list("gate").getFirst();
            assertThat(last.state()).isEqualTo(JobState.FAILED);
            assertThat(last.attempts()).isEqualTo(2);
            assertThat(last.retryAt()).isNull();
            assertThat(last.failure()).endsWith("(attempt 2 of 2; giving up)");
            assertThat(o.registry().versionCount()).isEqualTo(versionsBefore);
            assertThat(o.registry().promotions().history("gate")).isEmpty();
        }
    }

    @Test
    void requestsOnTwoModelsAtOnceRunTwoJobsConcurrentlyWithDifferentParameters() throws Exception {
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.function.Function<Map<String, Object>, Double> meet = p -> {
            try {
                together.await(20, TimeUnit.SECONDS); // both fits must be running at the same time
            } catch (Exception e) {
                throw new IllegalStateException("the other job did not run concurrently", e);
            }
            return 0.95;
        };
        ScriptedModel a = new ScriptedModel(meet);
        ScriptedModel b = new ScriptedModel(meet);
        try (Orchestrator o = Orchestrator.open(config())) {
            registerProduction(o, "north", 0.9);
            registerProduction(o, "south", 0.9);
            o.retrainer().configure("north", RetrainConfig.of(Trainer.inProcess(a)).withSearch(LR,
                    SamplerChoice.random(1)));
            o.retrainer().configure("south", RetrainConfig.of(Trainer.inProcess(b)).withSearch(LR,
                    SamplerChoice.random(1)));
            o.retrainer().request("north", "drift");
            o.retrainer().request("south", "drift");
            RetrainJob n = awaitEnded(o, "north");
            RetrainJob s = awaitEnded(o, "south");
            assertThat(n.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(s.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(n.id()).isNotEqualTo(s.id());
            assertThat(a.fits.getFirst().params().get("lr")).isNotEqualTo(b.fits.getFirst().params().get("lr"));
        }
    }

    @Test
    void theDecaySchedulesExhaustionIsReportedOnceAndNotRetried() throws Exception {
        ScriptedModel trained = ScriptedModel.constant(0.95);
        try (Orchestrator o = Orchestrator.open(config())) {
            registerProduction(o, "gate", 0.90);
            o.retrainer().configure("gate", RetrainConfig.of(Trainer.inProcess(trained))
                    .withSearch(LR, SamplerChoice.decay(0.1, 0.5, 0.05)));
            for (int i = 0; i < 3; i++) {
                o.retrainer().request("gate", "run " + i);
                int expected = i + 1;
                await().atMost(20, TimeUnit.SECONDS).until(() -> o.registry().jobs().list("gate").size() == expected
                        && !o.registry().jobs().list("gate").getLast().active());
            }
            List<RetrainJob> jobs = o.registry().jobs().list("gate");
            assertThat(jobs).extracting(RetrainJob::state)
                    .containsExactly(JobState.SUCCEEDED, JobState.SUCCEEDED, JobState.FAILED);
            assertThat(trained.params()).extracting(p -> p.get("lr")).containsExactly(0.1, 0.05);
            RetrainJob exhausted = jobs.getLast();
            assertThat(exhausted.failure()).startsWith("search space exhausted after 2 trials: 'lr' reached its floor");
            assertThat(exhausted.attempts()).isEqualTo(1);
            assertThat(exhausted.retryAt()).isNull();
        }
    }

    @Test
    void cancellingARunningJobKillsItsTrainingProcessTree() throws Exception {
        Path pids = dir.resolve("pids");
        try (Orchestrator o = Orchestrator.open(config())) {
            registerProduction(o, "gate", 0.90);
            o.setRetrainConfig("gate", RetrainConfigJson.parse("""
                    {"trainer": {"command": ["/bin/sh", "-c", "sleep 120 & echo $! > %s; wait"]}}"""
                    .formatted(pids)));
            String id = o.retrainer().request("gate", "nightly").job().orElseThrow().id();
            await().atMost(20, TimeUnit.SECONDS).until(() -> java.nio.file.Files.exists(pids)
                    && !java.nio.file.Files.readString(pids).isBlank());
            assertThat(o.registry().jobs().get(id).orElseThrow().state()).isEqualTo(JobState.RUNNING);

            RetrainJob cancelled = o.retrainer().cancel(id, "wrong data");
            assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
            long child = Long.parseLong(java.nio.file.Files.readString(pids).trim());
            ProcessHandle.of(child).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
            awaitQuiet(o);
            RetrainJob after = o.registry().jobs().get(id).orElseThrow();
            assertThat(after.state()).isEqualTo(JobState.CANCELLED);
            assertThat(after.failure()).isEqualTo("wrong data");
            assertThat(o.registry().versionCount()).isEqualTo(1);
        }
    }

    @Test
    void aJournaledCommandConfigTrainsWithTheProgramAndAnAttemptPastItsTimeoutFails() throws Exception {
        try (Orchestrator o = Orchestrator.open(config())) {
            registerProduction(o, "gate", 0.90);
            Path script = java.nio.file.Files.writeString(dir.resolve("train.sh"), """
                    printf 'weights lr=%s' "$VISU_PARAM_LR" > "$VISU_OUTPUT_DIR/model.bin"
                    echo '{"accuracy": 0.97}' > "$VISU_OUTPUT_DIR/metrics.json"
                    """);
            o.setRetrainConfig("gate", RetrainConfigJson.parse("""
                    {"trainer": {"command": ["/bin/sh", "%s"]},
                     "space": {"lr": {"type": "float", "low": 0.001, "high": 0.1, "log": true}},
                     "sampler": {"name": "random", "seed": 5},
                     "policy": {"bump": "minor"}}""".formatted(script)));
            o.retrainer().request("gate", "weekly");
            RetrainJob job = awaitEnded(o, "gate");
            assertThat(job.state()).as(String.valueOf(job.failure())).isEqualTo(JobState.SUCCEEDED);
            assertThat(job.newVersion()).isEqualTo("1.1.0");
            awaitQuiet(o);
            assertThat(o.registry().alias("gate", "production").orElseThrow().version()).isEqualTo("1.1.0");
            double lr = job.params().get("lr").asDouble();
            assertThat(o.registry().get("gate", "1.1.0").orElseThrow().params().get("lr").asDouble()).isEqualTo(lr);
        }
        try (Orchestrator o = Orchestrator.open(config())) {
            assertThat(o.retrainer().config("gate")).as("the config is journaled").isPresent();
            o.setRetrainConfig("gate", RetrainConfigJson.parse("""
                    {"trainer": {"command": ["/bin/sleep", "60"]},
                     "policy": {"timeout_seconds": 1, "max_attempts": 1}}"""));
            o.retrainer().request("gate", "weekly again");
            await().atMost(30, TimeUnit.SECONDS).until(() -> !o.registry().jobs().list("gate").getLast().active());
            RetrainJob timedOut = o.registry().jobs().list("gate").getLast();
            assertThat(timedOut.state()).isEqualTo(JobState.FAILED);
            assertThat(timedOut.failure()).startsWith("timed out after 1 s (process tree killed)");
        }
    }

    @Test
    void atMostTheConfiguredNumberOfJobsRunAtOnce() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger concurrent = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger();
        ScriptedModel slow = new ScriptedModel(p -> {
            peak.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            concurrent.decrementAndGet();
            return 0.95;
        });
        try (Orchestrator o = Orchestrator.open(config().withMaxConcurrentJobs(2))) {
            for (String m : List.of("a", "b", "c")) {
                registerProduction(o, m, 0.9);
                o.retrainer().configure(m, RetrainConfig.of(Trainer.inProcess(slow)));
                o.retrainer().request(m, "drift");
            }
            await().atMost(20, TimeUnit.SECONDS).until(() -> concurrent.get() == 2);
            assertThat(o.registry().jobs().list(null)).extracting(RetrainJob::state)
                    .containsExactlyInAnyOrder(JobState.RUNNING, JobState.RUNNING, JobState.QUEUED);
            release.countDown();
            await().atMost(20, TimeUnit.SECONDS).until(() -> o.registry().jobs().list(null).stream()
                    .allMatch(j -> j.state() == JobState.SUCCEEDED));
            assertThat(peak.get()).isEqualTo(2);
        }
    }
}
