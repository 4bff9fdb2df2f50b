package io.visutility.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.event.Event;
import io.visutility.event.EventCodec;
import io.visutility.event.EventType;
import io.visutility.event.ModelCreated;
import io.visutility.journal.JournalRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models created on their own ({@link ModelCreated}): zero versions, idempotent, durable through restarts and snapshots. */
class ModelCreationTest {
    private static final Map<String, String> TAGS = Map.of("team", "vision", "camera", "north-gate");

    @TempDir
    Path dir;

    private Orchestrator orchestrator;

    private Registry open(OrchestratorConfig config) throws IOException {
        if (orchestrator != null) {
            orchestrator.close();
        }
        orchestrator = Orchestrator.open(config);
        return orchestrator.registry();
    }

    @AfterEach
    void close() throws IOException {
        if (orchestrator != null) {
            orchestrator.close();
        }
    }

    private static List<Event> journal(Registry registry) {
        List<Event> events = new ArrayList<>();
        registry.store().replay(registry.store().firstRetainedPosition(), registry.store().committedPosition(),
                e -> events.add(e.event()));
        return events;
    }

    @Test
    void modelCreatedRoundTripsThroughTheCodecAsTypeFourteen() {
        EventCodec codec = new EventCodec();
        ModelCreated event = new ModelCreated("detector", "finds cars", TAGS, Instant.parse("2024-05-01T10:15:30.123456789Z"));
        assertThat(EventType.of(event).id()).isEqualTo(14);
        assertThat(EventType.of(event).schemaVersion()).isEqualTo(1);
        assertThat(EventType.byId(14)).isEqualTo(EventType.MODEL_CREATED);
        byte[] payload = codec.encode(event);
        assertThat(codec.decode(new JournalRecord(3, 14, 1, payload)).event()).isEqualTo(event);
        ModelCreated bare = new ModelCreated("detector", null, null, Instant.EPOCH);
        assertThat(codec.decode(new JournalRecord(4, 14, 1, codec.encode(bare))).event()).isEqualTo(bare);
    }

    @Test
    void createsAModelWithNoVersionsThatIsListedWithZeroVersions() throws IOException {
        Registry registry = open(TestConfig.fast(dir));
        ModelSummary created = registry.createModel("detector", "finds cars", TAGS);

        assertThat(created.name()).isEqualTo("detector");
        assertThat(created.versions()).isZero();
        assertThat(created.latestVersion()).isEmpty();
        assertThat(created.description()).contains("finds cars");
        assertThat(created.tags()).isEqualTo(TAGS);
        assertThat(created.createdAt()).isNotNull();
        assertThat(registry.models()).containsExactly(created);
        assertThat(registry.model("detector")).contains(created);
        assertThat(registry.versions("detector")).isEmpty();
        assertThat(registry.latest("detector", true)).isEmpty();
        assertThat(journal(registry)).singleElement().isInstanceOf(ModelCreated.class);
    }

    @Test
    void repeatingTheSameCreateWritesNothingAndReturnsTheModel() throws IOException {
        Registry registry = open(TestConfig.fast(dir));
        ModelSummary first = registry.createModel("detector", "finds cars", TAGS);
        long position = registry.store().committedPosition();

        ModelSummary again = registry.createModel("detector", "finds cars", Map.of("camera", "north-gate", "team", "vision"));

        assertThat(again).isEqualTo(first);
        assertThat(registry.store().committedPosition()).isEqualTo(position);
    }

    @Test
    void refusesToCreateAnExistingModelWithOtherContent() throws IOException {
        Registry registry = open(TestConfig.fast(dir));
        registry.createModel("detector", "finds cars", TAGS);
        long position = registry.store().committedPosition();

        assertThatThrownBy(() -> registry.createModel("detector", "finds buses", TAGS))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.code()).isEqualTo(RegistryException.Code.CONFLICT))
                .hasMessageContaining("'finds cars'").hasMessageContaining("'finds buses'");
        assertThatThrownBy(() -> registry.createModel("detector", "finds cars", Map.of()))
                .isInstanceOf(RegistryException.class);
        assertThat(registry.store().committedPosition()).isEqualTo(position);
    }

    @Test
    void aModelItsFirstVersionCreatedIsCreatedAgainOnlyWithoutContent() throws IOException {
        Registry registry = open(TestConfig.fast(dir));
        String sha = TestConfig.storeArtifact(registry, "weights");
        registry.register(NewVersion.of("detector", "1.0.0", sha));
        long position = registry.store().committedPosition();

        ModelSummary same = registry.createModel("detector", null, Map.of());

        assertThat(same.versions()).isEqualTo(1);
        assertThat(same.description()).isEmpty();
        assertThat(registry.store().committedPosition()).isEqualTo(position);
        assertThatThrownBy(() -> registry.createModel("detector", "finds cars", Map.of()))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.code()).isEqualTo(RegistryException.Code.CONFLICT));
    }

    @Test
    void refusesMalformedNamesAndTagsWithoutWriting() throws IOException {
        Registry registry = open(TestConfig.fast(dir));
        for (String bad : new String[] {"../evil", "", "with space", "-dash"}) {
            assertThatThrownBy(() -> registry.createModel(bad, null, Map.of()))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.code()).isEqualTo(RegistryException.Code.INVALID_INPUT));
        }
        assertThatThrownBy(() -> registry.createModel("detector", null, Map.of("k", "v".repeat(2000))))
                .isInstanceOf(RegistryException.class).hasMessageContaining("tag 'k'");
        assertThatThrownBy(() -> registry.createModel("detector", "d".repeat(5000), Map.of()))
                .isInstanceOf(RegistryException.class).hasMessageContaining("description");
        assertThat(registry.store().committedPosition()).isZero();
        assertThat(registry.models()).isEmpty();
    }

    @Test
    void versionsRegisteredLaterKeepTheCreationAndItsTime() throws IOException {
        Registry registry = open(TestConfig.fast(dir));
        ModelSummary created = registry.createModel("detector", "finds cars", TAGS);
        String sha = TestConfig.storeArtifact(registry, "weights");
        registry.register(NewVersion.of("detector", "1.0.0", sha));

        ModelSummary now = registry.model("detector").orElseThrow();
        assertThat(now.versions()).isEqualTo(1);
        assertThat(now.latestVersion()).contains("1.0.0");
        assertThat(now.createdAt()).isEqualTo(created.createdAt());
        assertThat(now.description()).contains("finds cars");
    }

    @Test
    void survivesARestart() throws IOException {
        Registry registry = open(TestConfig.fast(dir));
        registry.createModel("detector", "finds cars", TAGS);
        registry.createModel("segmenter", null, Map.of());
        List<ModelSummary> before = registry.models();

        registry = open(TestConfig.fast(dir));

        assertThat(registry.models()).isEqualTo(before);
        assertThat(registry.model("segmenter").map(ModelSummary::versions)).isEqualTo(Optional.of(0));
        assertThat(registry.createModel("detector", "finds cars", TAGS)).isEqualTo(before.get(0));
    }

    @Test
    void survivesCompactionIntoASnapshot() throws IOException {
        Registry registry = open(TestConfig.smallSegments(dir));
        registry.createModel("detector", "finds cars", TAGS);
        registry.createModel("empty", null, Map.of("team", "none"));
        String sha = TestConfig.storeArtifact(registry, "weights");
        for (int i = 0; i < 40; i++) { // enough registrations to close segments that compaction can fold
            registry.register(NewVersion.of("detector", "1." + i + ".0", sha));
        }
        List<ModelSummary> before = registry.models();
        assertThat(registry.store().compact()).isPresent();

        registry = open(TestConfig.smallSegments(dir));

        assertThat(registry.store().firstRetainedPosition()).as("the creations are only in the snapshot").isGreaterThan(2);
        assertThat(registry.models()).isEqualTo(before);
        assertThat(registry.model("empty").orElseThrow().versions()).isZero();
        assertThat(registry.model("detector").orElseThrow().description()).contains("finds cars");
    }
}
