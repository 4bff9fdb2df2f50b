package io.visutility.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.event.DetectionRaised;
import io.visutility.event.RetrainDeclined;
import io.visutility.registry.RetrainJob;
import io.visutility.registry.SequentialIds;
import io.visutility.registry.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrainer resumes the event bus where the last process that retrained every model stopped: a
 * detection journaled while nobody acted on it (a crash right after journaling it, or a process that
 * retrains nothing) still becomes a job at the next start; without a saved position nothing old is
 * replayed.
 */
class RetrainResumeTest {
    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(T0);
    final SequentialIds ids = new SequentialIds();

    OrchestratorConfig config() {
        return TestConfig.fast(dir).withClock(clock).withIds(ids);
    }

    /** Opens, waits until the retrainer has seen the whole journal, and lists what it declined after {@code from}. */
    private List<RetrainDeclined> declinedAfterCatchingUp(long from) throws Exception {
        try (Orchestrator o = Orchestrator.open(config())) {
            long committed = o.registry().store().committedPosition();
            await().atMost(20, TimeUnit.SECONDS).until(() -> o.bus().subscriptions().stream()
                    .filter(x -> x.name().equals(Orchestrator.RETRAINER)).allMatch(x -> x.lastPosition() >= committed));
            List<RetrainDeclined> out = new ArrayList<>();
            o.registry().store().replay(from + 1, o.registry().store().committedPosition(), e -> {
                if (e.event() instanceof RetrainDeclined d) {
                    out.add(d);
                }
            });
            return out;
        }
    }

    @Test
    void aProcessClosedBeforeTheRetrainerSawAnEventStillLeavesACursorAtItsStart() throws Exception {
        try (Orchestrator o = Orchestrator.open(config())) {
            // closed at once: the subscription may not have handed over a single event
        }
        assertThat(Files.readString(dir.resolve("retrainer.cursor")).trim()).isEqualTo("0");
    }

    @Test
    void aDetectionNobodyActedOnBecomesAJobAtTheNextStart() throws Exception {
        Path script = Files.writeString(dir.resolve("train.sh"), """
                printf w > "$VISU_OUTPUT_DIR/model.bin"
                echo '{"accuracy": 0.95}' > "$VISU_OUTPUT_DIR/metrics.json"
                """);
        try (Orchestrator o = Orchestrator.open(config())) {
            RetrainFlowTest.registerProduction(o, "gate", 0.9);
            o.setRetrainConfig("gate", RetrainConfigJson.parse("""
                    {"trainer": {"command": ["/bin/sh", "%s"]}}""".formatted(script)));
        }
        assertThat(dir.resolve("retrainer.cursor")).exists();
        String beforeDetection = Files.readString(dir.resolve("retrainer.cursor"));
        try (Orchestrator o = Orchestrator.open(config().withoutRetraining())) {
            o.registry().recordDetection(new DetectionRaised("gate", "1.0.0", "accuracy_decay", "drift", "fell",
                    JsonNodeFactory.instance.objectNode(), T0)).join();
            assertThat(o.registry().jobs().list("gate")).as("this process retrains nothing").isEmpty();
        }
        long before;
        try (Orchestrator o = Orchestrator.open(config())) {
            await().atMost(20, TimeUnit.SECONDS).until(() -> !o.registry().promotions().history("gate").isEmpty());
            List<RetrainJob> jobs = o.registry().jobs().list("gate");
            assertThat(jobs).singleElement().satisfies(j -> {
                assertThat(j.trigger()).isEqualTo("detection");
                assertThat(j.detections()).containsExactly("accuracy_decay/drift@" + T0);
                assertThat(j.newVersion()).isEqualTo("1.0.1");
            });
            before = o.registry().store().committedPosition();
        }
        // without a saved position a start follows the bus live: the old detection is not handled again
        Files.delete(dir.resolve("retrainer.cursor"));
        assertThat(declinedAfterCatchingUp(before)).isEmpty();
        // with the old position it is (and, the model cooling down after its job, declined)
        Files.writeString(dir.resolve("retrainer.cursor"), beforeDetection);
        assertThat(declinedAfterCatchingUp(before)).singleElement()
                .satisfies(d -> assertThat(d.detection()).isEqualTo("accuracy_decay/drift@" + T0));
    }
}
