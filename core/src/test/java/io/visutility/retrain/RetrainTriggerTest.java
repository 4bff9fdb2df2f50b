package io.visutility.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.visutility.Orchestrator;
import io.visutility.event.DetectionRaised;
import io.visutility.registry.RetrainJob;
import io.visutility.registry.RetrainRequestOutcome;
import io.visutility.registry.SequentialIds;
import io.visutility.registry.TestConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which detections and deprecations the retrain policy turns into requests. */
class RetrainTriggerTest {
    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(T0);

    /** An orchestrator whose retrainer gets detections only from the test (its bus subscription is closed). */
    private Orchestrator open() throws Exception {
        Orchestrator o = Orchestrator.open(TestConfig.fast(dir).withClock(clock).withIds(new SequentialIds()));
        o.bus().subscriptions().stream().filter(s -> s.name().equals(Orchestrator.RETRAINER)).forEach(s -> s.close());
        return o;
    }

    private static DetectionRaised detection(String severity, Instant at) {
        return new DetectionRaised("gate", "1.0.0", "accuracy_decay", severity, "accuracy fell",
                JsonNodeFactory.instance.objectNode().put("mean", 0.8), at);
    }

    /** Journals a detection (as the monitor does) and hands it to the retrainer (as the bus would). */
    private static Optional<RetrainRequestOutcome> detect(Orchestrator o, DetectionRaised d) {
        o.registry().recordDetection(d).join();
        return o.retrainer().onDetection(d);
    }

    @Test
    void warningsAreIgnoredUnlessThePolicySaysOtherwise() throws Exception {
        try (Orchestrator o = open()) {
            RetrainFlowTest.registerProduction(o, "gate", 0.9);
            assertThat(detect(o, detection("drift", T0))).as("no configuration: nothing happens").isEmpty();
            RetrainConfig config = RetrainConfig.of(Trainer.inProcess(ScriptedModel.constant(0.5)));
            o.retrainer().configure("gate", config);
            assertThat(detect(o, detection("warning", T0))).isEmpty();
            o.retrainer().configure("gate", config.withPolicy(RetrainPolicy.defaults().withOnWarnings(true)));
            assertThat(detect(o, detection("warning", T0)).orElseThrow().kind())
                    .isEqualTo(RetrainRequestOutcome.Kind.QUEUED);
        }
    }

    @Test
    void itTakesTheRequiredNumberOfDetectionsWithinTheWindow() throws Exception {
        try (Orchestrator o = open()) {
            RetrainFlowTest.registerProduction(o, "gate", 0.9);
            o.retrainer().configure("gate", RetrainConfig.of(Trainer.inProcess(ScriptedModel.constant(0.5)))
                    .withPolicy(RetrainPolicy.defaults().withDetectionsRequired(3, Duration.ofMinutes(10))));
            assertThat(detect(o, detection("drift", T0))).isEmpty();
            assertThat(detect(o, detection("warning", T0.plusSeconds(60)))).as("warnings do not count").isEmpty();
            assertThat(detect(o, detection("drift", T0.plusSeconds(120)))).isEmpty();
            assertThat(detect(o, detection("drift", T0.plus(Duration.ofMinutes(11))))).as("the first fell out")
                    .isEmpty();
            RetrainRequestOutcome third = detect(o, detection("drift", T0.plus(Duration.ofMinutes(12)))).orElseThrow();
            assertThat(third.kind()).isEqualTo(RetrainRequestOutcome.Kind.QUEUED);
            RetrainJob job = third.job().orElseThrow();
            assertThat(job.detections()).containsExactly("accuracy_decay/drift@" + T0.plus(Duration.ofMinutes(12)));
            assertThat(job.evidence().get("mean").asDouble()).isEqualTo(0.8);
        }
    }

    @Test
    void deprecatingAVersionAsksForARetrainWhenThePolicySaysSo() throws Exception {
        try (Orchestrator o = Orchestrator.open(TestConfig.fast(dir).withClock(clock).withIds(new SequentialIds()))) {
            RetrainFlowTest.registerProduction(o, "gate", 0.9);
            o.retrainer().configure("gate", RetrainConfig.of(Trainer.inProcess(ScriptedModel.constant(0.95))));
            o.registry().deprecate("gate", "1.0.0", "leaks memory");
            await().atMost(20, TimeUnit.SECONDS).until(() -> !o.registry().promotions().history("gate").isEmpty());
            RetrainJob job = o.registry().jobs().list("gate").getFirst();
            assertThat(job.trigger()).isEqualTo("deprecation");
            assertThat(job.reasons()).containsExactly("version 1.0.0 deprecated: leaks memory");
            assertThat(job.parentVersion()).as("the deprecated version is the only one").isEqualTo("1.0.0");
            assertThat(o.registry().alias("gate", "production").orElseThrow().version()).isEqualTo("1.0.1");
        }
        try (Orchestrator o = open()) {
            RetrainFlowTest.registerProduction(o, "other", 0.9);
            o.retrainer().configure("other", RetrainConfig.of(Trainer.inProcess(ScriptedModel.constant(0.95)))
                    .withPolicy(RetrainPolicy.defaults().withOnDeprecation(false)));
            assertThat(o.retrainer().onDeprecation(new io.visutility.event.VersionDeprecated("other", "1.0.0", "x",
                    java.util.List.of(), T0))).isEmpty();
        }
    }
}
