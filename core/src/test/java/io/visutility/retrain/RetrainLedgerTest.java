package io.visutility.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.registry.JobState;
import io.visutility.registry.NewVersion;
import io.visutility.registry.Registry;
import io.visutility.registry.RegistryException;
import io.visutility.registry.RetrainJob;
import io.visutility.registry.RetrainRequestOutcome;
import io.visutility.registry.RetrainTrigger;
import io.visutility.registry.SequentialIds;
import io.visutility.registry.TestConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journaled rules of retrain jobs, studies and promotions, exercised through the registry
 * without a trainer: deduplication, cooldown, attempt order, cancellation, approvals and rollbacks,
 * and that all of it survives a snapshot and a restart.
 */
class RetrainLedgerTest {
    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(T0);
    /** One id source across restarts, as random UUIDs would be. */
    final SequentialIds ids = new SequentialIds();

    OrchestratorConfig config() {
        return TestConfig.smallSegments(dir).withClock(clock).withIds(ids);
    }

    static void register(Registry r, String model, String version, double accuracy) {
        String sha = TestConfig.storeArtifact(r, "weights of " + model + " " + version);
        r.register(NewVersion.of(model, version, sha).withMetrics(Map.of("accuracy", DoubleNode.valueOf(accuracy))));
    }

    static RetrainRequestOutcome detection(Registry r, String model, String why) {
        return r.jobs().request(model, RetrainTrigger.DETECTION, why, null, "accuracy_decay/drift@" + T0, HOUR);
    }

    @Test
    void aRequestWhileAJobIsActiveIsMergedIntoItWithItsReason() throws Exception {
        try (Orchestrator o = Orchestrator.open(config())) {
            Registry r = o.registry();
            register(r, "gate", "1.0.0", 0.9);
            r.promote("gate", "1.0.0", null);
            RetrainRequestOutcome first = detection(r, "gate", "accuracy fell");
            RetrainRequestOutcome second = detection(r, "gate", "drift on brightness");
            RetrainRequestOutcome third = r.jobs().request("gate", RetrainTrigger.MANUAL, "operator asked", null, null,
                    HOUR);

            assertThat(first.kind()).isEqualTo(RetrainRequestOutcome.Kind.QUEUED);
            assertThat(second.kind()).isEqualTo(RetrainRequestOutcome.Kind.MERGED);
            assertThat(third.kind()).isEqualTo(RetrainRequestOutcome.Kind.MERGED);
            RetrainJob job = r.jobs().active("gate").orElseThrow();
            assertThat(job.id()).isEqualTo(first.job().orElseThrow().id());
            assertThat(job.reasons()).containsExactly("accuracy fell", "drift on brightness", "operator asked");
            assertThat(job.detections()).hasSize(2);
            assertThat(job.parentVersion()).isEqualTo("1.0.0");
            assertThat(job.state()).isEqualTo(JobState.QUEUED);
            assertThat(r.jobs().list("gate")).hasSize(1);
        }
    }

    @Test
    void detectionsDuringTheCooldownAreDeclinedLeavingOnlyATraceButManualRequestsAreNot() throws Exception {
        try (Orchestrator o = Orchestrator.open(config())) {
            Registry r = o.registry();
            register(r, "gate", "1.0.0", 0.9);
            String id = detection(r, "gate", "accuracy fell").job().orElseThrow().id();
            r.jobs().start(id, 1, null, null, "jobs/" + id + "/attempt-1/train.log");
            r.jobs().finish(id, 1, JobState.SUCCEEDED, null, "1.0.1", null, null);

            clock.advance(Duration.ofMinutes(59));
            long before = r.store().committedPosition();
            RetrainRequestOutcome cooling = detection(r, "gate", "still falling");
            assertThat(cooling.kind()).isEqualTo(RetrainRequestOutcome.Kind.DECLINED);
            assertThat(cooling.message()).contains("cooling down until " + T0.plus(HOUR));
            assertThat(cooling.job()).isEmpty();
            List<io.visutility.event.Event> written = new java.util.ArrayList<>();
            r.store().replay(before + 1, r.store().committedPosition(), e -> written.add(e.event()));
            assertThat(written).singleElement().isInstanceOfSatisfying(io.visutility.event.RetrainDeclined.class, d -> {
                assertThat(d.until()).isEqualTo(T0.plus(HOUR));
                assertThat(d.reason()).isEqualTo("still falling");
                assertThat(d.trigger()).isEqualTo("detection");
            });
            assertThat(r.jobs().list("gate")).hasSize(1);

            assertThat(r.jobs().request("gate", RetrainTrigger.MANUAL, "retrain now", null, null, HOUR).kind())
                    .isEqualTo(RetrainRequestOutcome.Kind.QUEUED);
        }
        try (Orchestrator o = Orchestrator.open(config())) {
            Registry r = o.registry();
            String queued = r.jobs().active("gate").orElseThrow().id();
            r.jobs().cancel(queued, "not needed");
            clock.advance(Duration.ofMinutes(59));
            assertThat(detection(r, "gate", "x").kind()).as("the cancel started a new cooldown")
                    .isEqualTo(RetrainRequestOutcome.Kind.DECLINED);
            clock.advance(Duration.ofMinutes(2));
            assertThat(detection(r, "gate", "x").kind()).isEqualTo(RetrainRequestOutcome.Kind.QUEUED);
        }
    }

    @Test
    void attemptsStartAndEndOnlyInOrderAndACancelledAttemptCannotSucceed() throws Exception {
        try (Orchestrator o = Orchestrator.open(config())) {
            Registry r = o.registry();
            register(r, "gate", "1.0.0", 0.9);
            long before = r.store().committedPosition();
            assertThatThrownBy(() -> detection(r, "ghost", "x")).isInstanceOf(RegistryException.class)
                    .hasMessage("no model named 'ghost' is registered");
            assertThatThrownBy(() -> r.jobs().request("gate", RetrainTrigger.MANUAL, " ", null, null, HOUR))
                    .hasMessageContaining("expected a reason");
            assertThat(r.store().committedPosition()).isEqualTo(before);

            String id = detection(r, "gate", "accuracy fell").job().orElseThrow().id();
            assertThatThrownBy(() -> r.jobs().start(id, 2, null, null, "log"))
                    .hasMessage("retrain job " + id + " has had 0 attempts, so the next is 1, not 2");
            assertThatThrownBy(() -> r.jobs().finish(id, 1, JobState.SUCCEEDED, null, null, null, null))
                    .hasMessage("retrain job " + id + " is queued at attempt 0, so attempt 1 cannot end succeeded");
            r.jobs().start(id, 1, null, null, "log");
            assertThatThrownBy(() -> r.jobs().start(id, 2, null, null, "log"))
                    .satisfies(e -> assertThat(((RegistryException) e).code()).isEqualTo(RegistryException.Code.CONFLICT));
            r.jobs().finish(id, 1, JobState.FAILED, "out of memory", null, null, T0.plusSeconds(60));
            RetrainJob waiting = r.jobs().get(id).orElseThrow();
            assertThat(waiting.active()).isTrue();
            assertThat(waiting.runnableAt(T0.plusSeconds(59))).isFalse();
            assertThat(waiting.runnableAt(T0.plusSeconds(60))).isTrue();
            assertThatThrownBy(() -> r.jobs().start(id, 2, null, null, "log")).as("retry not due")
                    .hasMessageContaining("cannot start at " + T0);

            clock.advance(Duration.ofMinutes(1));
            r.jobs().start(id, 2, null, null, "log");
            RetrainJob cancelled = r.jobs().cancel(id, "operator");
            assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
            assertThat(cancelled.failure()).isEqualTo("operator");
            assertThatThrownBy(() -> r.jobs().finish(id, 2, JobState.SUCCEEDED, null, "1.0.1", null, null))
                    .hasMessage("retrain job " + id + " is cancelled at attempt 2, so attempt 2 cannot end succeeded");
            assertThatThrownBy(() -> r.jobs().cancel(id, null)).hasMessageContaining("already ended (cancelled)");
            assertThatThrownBy(() -> r.jobs().cancel("nope", null)).hasMessage("no retrain job with id nope");
            assertThat(r.jobs().active("gate")).isEmpty();
        }
    }

    @Test
    void approvalsRejectionsAndRollbacksFollowTheRecordedDecisions() throws Exception {
        try (Orchestrator o = Orchestrator.open(config())) {
            Registry r = o.registry();
            register(r, "gate", "1.0.0", 0.90);
            register(r, "gate", "1.0.1", 0.93);
            register(r, "gate", "1.0.2", 0.95);
            r.promote("gate", "1.0.0", null);

            assertThatThrownBy(() -> r.promotions().rollback("gate", null, null))
                    .hasMessageContaining("no earlier 'production' version of model 'gate' is recorded");
            assertThatThrownBy(() -> r.promotions().approve("gate", "1.0.1", null, null))
                    .hasMessage("model 'gate' version 1.0.1 is not awaiting approval for 'production'");
            assertThatThrownBy(() -> r.promotions().decide("gate", "production", "promoted", "1.0.1", "0.9.0", null,
                    "accuracy", 0.93, 0.90, "better")).hasMessageContaining("moved from 0.9.0 to 1.0.0");

            r.promotions().decide("gate", "production", "held", "1.0.1", "1.0.0", "job-1", "accuracy", 0.93, 0.90,
                    "better; waiting for approval");
            r.promotions().decide("gate", "production", "held", "1.0.2", "1.0.0", "job-2", "accuracy", 0.95, 0.90,
                    "better; waiting for approval");
            assertThat(r.promotions().pending("gate")).extracting(p -> p.candidate()).containsExactly("1.0.1", "1.0.2");

            assertThat(r.promotions().reject("gate", "1.0.1", null, "too slow").decision()).isEqualTo("rejected");
            assertThat(r.alias("gate", "production").orElseThrow().version()).isEqualTo("1.0.0");
            assertThat(r.promotions().approve("gate", "1.0.2", null, null).jobId()).isEqualTo("job-2");
            assertThat(r.alias("gate", "production").orElseThrow().version()).isEqualTo("1.0.2");
            assertThat(r.promotions().pending("gate")).isEmpty();

            r.deprecate("gate", "1.0.0", "leaks memory");
            assertThatThrownBy(() -> r.promotions().rollback("gate", null, null))
                    .satisfies(e -> assertThat(((RegistryException) e).code()).isEqualTo(RegistryException.Code.DEPRECATED));
            assertThat(r.alias("gate", "production").orElseThrow().version()).isEqualTo("1.0.2");
        }
    }

    @Test
    void repeatedRollbacksWalkBackThroughThePromotedVersions() throws Exception {
        try (Orchestrator o = Orchestrator.open(config())) {
            Registry r = o.registry();
            for (String v : List.of("1.0.0", "1.0.1", "1.0.2")) {
                register(r, "gate", v, 0.9);
            }
            r.promote("gate", "1.0.0", null);
            r.promotions().decide("gate", "production", "promoted", "1.0.1", "1.0.0", null, "accuracy", 0.91, 0.9, "b");
            r.promotions().decide("gate", "production", "promoted", "1.0.2", "1.0.1", null, "accuracy", 0.92, 0.91, "b");
            assertThat(r.promotions().rollback("gate", null, null).candidate()).isEqualTo("1.0.1");
            assertThat(r.promotions().rollback("gate", null, null).candidate()).isEqualTo("1.0.0");
            assertThat(r.alias("gate", "production").orElseThrow().version()).isEqualTo("1.0.0");
            assertThatThrownBy(() -> r.promotions().rollback("gate", null, null))
                    .hasMessageContaining("1.0.0 was not promoted over another version");
        }
    }

    @Test
    void jobsStudiesDecisionsAndConfigsSurviveASnapshotAndARestart() throws Exception {
        List<RetrainJob> jobs;
        Object decisions;
        Object steps;
        Object cfg;
        try (Orchestrator o = Orchestrator.open(config())) {
            Registry r = o.registry();
            for (int m = 0; m < 4; m++) {
                String model = "model-" + m;
                register(r, model, "1.0.0", 0.9);
                r.promote(model, "1.0.0", null);
                String id = detection(r, model, "accuracy fell").job().orElseThrow().id();
                detection(r, model, "merged");
                r.jobs().start(id, 1, 0, JsonNodeFactory.instance.objectNode().put("lr", 0.01), "jobs/" + id + "/a");
                r.studies().record(model, "default", "tpe(seed=1)", JsonNodeFactory.instance.objectNode()
                        .put("type", "trial_asked").put("v", 1).put("trial", 0));
                if (m % 2 == 0) {
                    r.jobs().finish(id, 1, JobState.FAILED, "boom", null, null, T0.plusSeconds(60));
                } else {
                    register(r, model, "1.0.1", 0.95);
                    r.jobs().finish(id, 1, JobState.SUCCEEDED, null, "1.0.1",
                            JsonNodeFactory.instance.objectNode().put("accuracy", 0.95), null);
                    r.promotions().decide(model, "production", "promoted", "1.0.1", "1.0.0", id, "accuracy", 0.95, 0.9,
                            "better");
                }
            }
            o.setRetrainConfig("model-0", RetrainConfigJson.parse("""
                    {"trainer": {"command": ["python3", "train.py"]}, "sampler": {"name": "random", "seed": 3}}"""));
            assertThat(r.store().compact()).isPresent();
            jobs = r.jobs().list(null);
            decisions = List.of(r.promotions().history("model-1"), r.promotions().history("model-3"));
            steps = r.studies().steps("model-2", "default");
            cfg = r.retrainConfig("model-0").orElseThrow();
        }
        try (Orchestrator o = Orchestrator.open(config())) {
            Registry r = o.registry();
            assertThat(o.recoveryReport().firstPosition()).as("recovered from a snapshot").isGreaterThan(1);
            assertThat(r.jobs().list(null)).isEqualTo(jobs);
            assertThat(List.of(r.promotions().history("model-1"), r.promotions().history("model-3")))
                    .isEqualTo(decisions);
            assertThat(r.studies().steps("model-2", "default")).isEqualTo(steps);
            assertThat(r.retrainConfig("model-0").orElseThrow()).isEqualTo(cfg);
            assertThat(r.alias("model-1", "production").orElseThrow().version()).isEqualTo("1.0.1");
        }
    }
}
