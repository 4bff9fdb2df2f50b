package io.visutility.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ShortNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.visutility.Orchestrator;
import io.visutility.event.AliasMoved;
import io.visutility.event.Event;
import io.visutility.event.JournaledEvent;
import io.visutility.event.Lineage;
import io.visutility.event.VersionDeprecated;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the registry does with well-formed requests: the happy paths, idempotence, aliases, deprecation. */
class RegistryTest {
    private static final Map<String, JsonNode> METRICS = Map.of("map50", DoubleNode.valueOf(0.613), "latency_ms",
            IntNode.valueOf(12), "calibrated", BooleanNode.TRUE);
    private static final Map<String, String> TAGS = Map.of("project", "traffic", "camera", "north-gate");
    private static final Map<String, JsonNode> PARAMS = Map.of("lr", DoubleNode.valueOf(3e-4), "optimizer",
            TextNode.valueOf("adamw"), "epochs", IntNode.valueOf(40));
    private static final Lineage LINEAGE = new Lineage("1.0.0", "job-17", "drift on camera north-gate");

    @TempDir
    Path dir;

    private Orchestrator orchestrator;
    private Registry registry;
    private String weightsA;
    private String weightsB;

    @BeforeEach
    void open() throws IOException {
        orchestrator = Orchestrator.open(TestConfig.fast(dir));
        registry = orchestrator.registry();
        weightsA = TestConfig.storeArtifact(registry, "weights A");
        weightsB = TestConfig.storeArtifact(registry, "weights B, a little longer");
    }

    @AfterEach
    void close() throws IOException {
        orchestrator.close();
    }

    private void reopen() throws IOException {
        orchestrator.close();
        orchestrator = Orchestrator.open(TestConfig.fast(dir));
        registry = orchestrator.registry();
    }

    private Registration register(String model, String version, String sha) {
        return registry.register(NewVersion.of(model, version, sha));
    }

    private List<Event> journal() {
        List<Event> events = new ArrayList<>();
        registry.store().replay(1, registry.store().committedPosition(), e -> events.add(e.event()));
        return events;
    }

    @Test
    void registersAVersionWithItsMetadataAndReadsItBack() {
        Registration r = registry.register(NewVersion.of("detector", "1.1.0", weightsA).withMetrics(METRICS)
                .withTags(TAGS).withParams(PARAMS).withLineage(LINEAGE));

        assertThat(r.created()).isTrue();
        ModelVersion v = registry.get("detector", "1.1.0").orElseThrow();
        assertThat(v).isEqualTo(r.version());
        assertThat(v.model()).isEqualTo("detector");
        assertThat(v.version()).isEqualTo("1.1.0");
        assertThat(v.sha256()).isEqualTo(weightsA);
        assertThat(v.size()).isEqualTo("weights A".length());
        assertThat(v.metrics()).isEqualTo(METRICS);
        assertThat(v.tags()).isEqualTo(TAGS);
        assertThat(v.params()).isEqualTo(PARAMS);
        assertThat(v.lineage()).isEqualTo(LINEAGE);
        assertThat(v.id()).isEqualTo(new UUID(0x5EEDL, 1));
        assertThat(v.createdAt()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(v.aliases()).isEmpty();
        assertThat(v.deprecated()).isFalse();
        assertThat(v.deprecationReason()).isEmpty();
        assertThat(registry.store().committedPosition()).isEqualTo(1);
    }

    @Test
    void metadataAliasesAndDeprecationsSurviveARestart() throws IOException {
        registry.register(NewVersion.of("detector", "1.0.0", weightsA).withMetrics(METRICS).withTags(TAGS)
                .withParams(PARAMS));
        registry.register(NewVersion.of("detector", "1.1.0", weightsB).withLineage(LINEAGE));
        registry.register(NewVersion.of("segmenter", "0.1.0-rc.1+build.7", weightsA).withTags(Map.of("k", "v")));
        registry.promote("detector", "1.0.0", "champion");
        registry.promote("detector", "1.1.0", null);
        registry.deprecate("detector", "1.0.0", "superseded");
        RegistryView before = RegistryView.of(registry);

        reopen();

        assertThat(RegistryView.of(registry)).isEqualTo(before);
        ModelVersion old = registry.get("detector", "1.0.0").orElseThrow();
        assertThat(old.metrics()).isEqualTo(METRICS);
        assertThat(old.deprecationReason()).contains("superseded");
        assertThat(registry.alias("detector", "production").map(ModelVersion::version)).contains("1.1.0");
        assertThat(registry.alias("detector", "champion")).isEmpty();
    }

    @Test
    void numbersOfEveryJacksonNodeTypeReadTheSameLiveAndAfterARestart() throws IOException {
        JsonNodeFactory json = JsonNodeFactory.instance;
        Map<String, JsonNode> metrics = Map.of("epochs", LongNode.valueOf(40), "precision", FloatNode.valueOf(0.5f),
                "recall", DecimalNode.valueOf(new BigDecimal("0.125")), "classes", ShortNode.valueOf((short) 3),
                "per_class", json.arrayNode().add(LongNode.valueOf(7)).add(FloatNode.valueOf(0.25f)));
        registry.register(NewVersion.of("detector", "1.0.0", weightsA).withMetrics(metrics).withParams(metrics));
        RegistryView live = RegistryView.of(registry);

        reopen();

        assertThat(RegistryView.of(registry)).isEqualTo(live);
    }

    @Test
    void versionsAreListedAndLatestIsChosenBySemanticVersionNotByRegistrationOrder() {
        for (String v : List.of("1.10.0", "1.9.0", "1.10.0-rc.1", "0.9.9", "1.10.0-alpha")) {
            register("detector", v, weightsA);
        }

        assertThat(registry.versions("detector")).extracting(ModelVersion::version)
                .containsExactly("0.9.9", "1.9.0", "1.10.0-alpha", "1.10.0-rc.1", "1.10.0");
        assertThat(registry.latest("detector", false).map(ModelVersion::version)).contains("1.10.0");
    }

    @Test
    void listsModelsByNameWithVersionCountLatestAliasesAndCreationTime() {
        register("segmenter", "2.0.0", weightsA);
        register("detector", "1.0.0", weightsA);
        register("detector", "1.1.0", weightsB);
        registry.promote("detector", "1.0.0", null);
        registry.deprecate("detector", "1.1.0", "regressed");

        List<ModelSummary> models = registry.models();

        assertThat(models).extracting(ModelSummary::name).containsExactly("detector", "segmenter");
        ModelSummary detector = models.get(0);
        assertThat(detector.versions()).isEqualTo(2);
        assertThat(detector.latestVersion()).contains("1.0.0");
        assertThat(detector.aliases()).isEqualTo(Map.of("production", "1.0.0"));
        assertThat(detector.createdAt()).isEqualTo(registry.get("detector", "1.0.0").orElseThrow().createdAt());
        assertThat(registry.modelCount()).isEqualTo(2);
        assertThat(registry.versionCount()).isEqualTo(3);
    }

    @Test
    void findsVersionsByTagAcrossModelsInModelThenVersionOrder() {
        registry.register(NewVersion.of("zeta", "1.0.0", weightsA).withTags(Map.of("project", "traffic")));
        registry.register(NewVersion.of("alpha", "2.0.0", weightsA).withTags(Map.of("project", "traffic")));
        registry.register(NewVersion.of("alpha", "1.0.0", weightsA).withTags(Map.of("project", "traffic")));
        registry.register(NewVersion.of("alpha", "3.0.0", weightsA).withTags(Map.of("project", "retail")));
        registry.register(NewVersion.of("beta", "1.0.0", weightsA));

        assertThat(registry.findByTag("project", "traffic"))
                .extracting(v -> v.model() + "@" + v.version())
                .containsExactly("alpha@1.0.0", "alpha@2.0.0", "zeta@1.0.0");
        assertThat(registry.findByTag("project", "nothing")).isEmpty();
    }

    @Test
    void promoteMovesTheProductionAliasByDefaultAndAliasResolvesIt() {
        register("detector", "1.0.0", weightsA);

        ModelVersion promoted = registry.promote("detector", "1.0.0", null);

        assertThat(promoted.aliases()).containsExactly(Registry.PRODUCTION);
        assertThat(registry.alias("detector", "production")).contains(promoted);
        assertThat(registry.alias("detector", "champion")).isEmpty();
        assertThat(journal()).last().isEqualTo(new AliasMoved("detector", "production", "1.0.0", null,
                Instant.parse("2024-01-01T00:00:00.001Z")));
    }

    @Test
    void movingAnAliasTakesItFromThePreviousHolderSoExactlyOneVersionHoldsIt() {
        register("detector", "1.0.0", weightsA);
        register("detector", "1.1.0", weightsB);
        registry.promote("detector", "1.0.0", "production");
        registry.promote("detector", "1.0.0", "champion");

        registry.promote("detector", "1.1.0", "production");

        assertThat(registry.get("detector", "1.0.0").orElseThrow().aliases()).containsExactly("champion");
        assertThat(registry.get("detector", "1.1.0").orElseThrow().aliases()).containsExactly("production");
        assertThat(registry.versions("detector")).filteredOn(v -> v.aliases().contains("production")).hasSize(1);
        assertThat(journal()).last().isInstanceOfSatisfying(AliasMoved.class,
                e -> assertThat(e.previousVersion()).isEqualTo("1.0.0"));
    }

    @Test
    void promotingTheVersionThatAlreadyHoldsTheAliasWritesNothing() {
        register("detector", "1.0.0", weightsA);
        registry.promote("detector", "1.0.0", null);
        long position = registry.store().committedPosition();

        ModelVersion again = registry.promote("detector", "1.0.0", null);

        assertThat(again.aliases()).containsExactly("production");
        assertThat(registry.store().committedPosition()).isEqualTo(position);
    }

    @Test
    void reRegisteringTheSameVersionAndChecksumIsHarmlessAndWritesNothing() {
        Registration first = register("detector", "1.0.0", weightsA);
        long position = registry.store().committedPosition();
        RegistryView before = RegistryView.of(registry);

        Registration retry = register("detector", "1.0.0", weightsA);

        assertThat(retry.created()).isFalse();
        assertThat(retry.version()).isEqualTo(first.version());
        assertThat(retry.version().id()).isEqualTo(first.version().id());
        assertThat(registry.store().committedPosition()).isEqualTo(position);
        assertThat(RegistryView.of(registry)).isEqualTo(before);
    }

    @Test
    void rejectsDifferentChecksumUnderExistingVersion() {
        register("detector", "1.0.0", weightsA);
        long position = registry.store().committedPosition();
        RegistryView before = RegistryView.of(registry);

        assertThatThrownBy(() -> register("detector", "1.0.0", weightsB))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.code()).isEqualTo(RegistryException.Code.CHECKSUM_CONFLICT))
                .hasMessageContaining("model 'detector' version 1.0.0")
                .hasMessageContaining(weightsA)
                .hasMessageContaining(weightsB);
        assertThat(registry.store().committedPosition()).isEqualTo(position);
        assertThat(RegistryView.of(registry)).isEqualTo(before);
        assertThat(registry.get("detector", "1.0.0").orElseThrow().sha256()).isEqualTo(weightsA);
    }

    @Test
    void buildMetadataMakesADistinctVersion() {
        register("detector", "1.0.0+a", weightsA);

        Registration other = register("detector", "1.0.0+b", weightsB);

        assertThat(other.created()).isTrue();
        assertThat(registry.versions("detector")).extracting(ModelVersion::version)
                .containsExactly("1.0.0+a", "1.0.0+b");
    }

    @Test
    void latestSkipsDeprecatedVersionsUnlessAskedToIncludeThem() {
        register("detector", "1.0.0", weightsA);
        register("detector", "2.0.0", weightsA);
        register("detector", "1.5.0", weightsA);

        registry.deprecate("detector", "2.0.0", "false positives at night");

        assertThat(registry.latest("detector", false).map(ModelVersion::version)).contains("1.5.0");
        assertThat(registry.latest("detector", true).map(ModelVersion::version)).contains("2.0.0");
        assertThat(registry.models().get(0).latestVersion()).contains("1.5.0");
    }

    @Test
    void latestIsEmptyWhenEveryVersionIsDeprecatedAndForAnUnknownModel() {
        register("detector", "1.0.0", weightsA);
        registry.deprecate("detector", "1.0.0", null);

        assertThat(registry.latest("detector", false)).isEmpty();
        assertThat(registry.latest("detector", true).map(ModelVersion::version)).contains("1.0.0");
        assertThat(registry.models().get(0).latestVersion()).isEmpty();
        assertThat(registry.latest("unknown", true)).isEmpty();
    }

    @Test
    void registeringAVersionAfterDeprecatingTheLatestMakesItLatest() {
        register("detector", "2.0.0", weightsA);
        registry.deprecate("detector", "2.0.0", "broken");

        register("detector", "1.0.0", weightsA);

        assertThat(registry.latest("detector", false).map(ModelVersion::version)).contains("1.0.0");
        assertThat(registry.latest("detector", true).map(ModelVersion::version)).contains("2.0.0");
    }

    @Test
    void deprecatingRemovesTheVersionsAliasesAndRecordsReasonAndTime() {
        register("detector", "1.0.0", weightsA);
        registry.promote("detector", "1.0.0", "production");
        registry.promote("detector", "1.0.0", "champion");

        ModelVersion deprecated = registry.deprecate("detector", "1.0.0", "drift on night images");

        assertThat(deprecated.deprecated()).isTrue();
        assertThat(deprecated.aliases()).isEmpty();
        assertThat(deprecated.deprecationReason()).contains("drift on night images");
        assertThat(deprecated.deprecatedAt()).contains(Instant.parse("2024-01-01T00:00:00.003Z"));
        assertThat(registry.alias("detector", "production")).isEmpty();
        assertThat(registry.alias("detector", "champion")).isEmpty();
        assertThat(registry.models().get(0).aliases()).isEmpty();
        assertThat(journal()).last().isEqualTo(new VersionDeprecated("detector", "1.0.0", "drift on night images",
                List.of("champion", "production"), Instant.parse("2024-01-01T00:00:00.003Z")));
    }

    @Test
    void deprecatingLeavesAliasesOfOtherVersionsAlone() {
        register("detector", "1.0.0", weightsA);
        register("detector", "1.1.0", weightsA);
        registry.promote("detector", "1.0.0", "production");
        registry.promote("detector", "1.1.0", "canary");

        registry.deprecate("detector", "1.1.0", "canary failed");

        assertThat(registry.models().get(0).aliases()).isEqualTo(Map.of("production", "1.0.0"));
    }

    @Test
    void promotingADeprecatedVersionIsRefusedAndChangesNothing() {
        register("detector", "1.0.0", weightsA);
        registry.deprecate("detector", "1.0.0", "leaks memory");
        long position = registry.store().committedPosition();

        assertThatThrownBy(() -> registry.promote("detector", "1.0.0", "production"))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.code()).isEqualTo(RegistryException.Code.DEPRECATED))
                .hasMessageContaining("version 1.0.0 is deprecated (leaks memory)")
                .hasMessageContaining("'production'");
        assertThat(registry.store().committedPosition()).isEqualTo(position);
        assertThat(registry.alias("detector", "production")).isEmpty();
    }

    @Test
    void deprecatingTwiceIsANoOpThatKeepsTheFirstReason() {
        register("detector", "1.0.0", weightsA);
        ModelVersion first = registry.deprecate("detector", "1.0.0", "first reason");
        long position = registry.store().committedPosition();

        ModelVersion second = registry.deprecate("detector", "1.0.0", "second reason");

        assertThat(registry.store().committedPosition()).isEqualTo(position);
        assertThat(second).isEqualTo(first);
        assertThat(second.deprecationReason()).contains("first reason");
    }

    @Test
    void unknownModelsAndVersionsAreNotFoundOrEmpty() {
        register("detector", "1.0.0", weightsA);

        assertThat(registry.get("detector", "9.9.9")).isEmpty();
        assertThat(registry.get("unknown", "1.0.0")).isEmpty();
        assertThat(registry.alias("unknown", "production")).isEmpty();
        assertThatThrownBy(() -> registry.versions("unknown"))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.code()).isEqualTo(RegistryException.Code.NOT_FOUND))
                .hasMessage("no model named 'unknown' is registered");
        assertThatThrownBy(() -> registry.promote("detector", "9.9.9", null))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.code()).isEqualTo(RegistryException.Code.NOT_FOUND))
                .hasMessage("model 'detector' has no version 9.9.9");
        assertThatThrownBy(() -> registry.deprecate("unknown", "1.0.0", null))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.code()).isEqualTo(RegistryException.Code.NOT_FOUND))
                .hasMessage("no model named 'unknown' is registered");
        assertThat(registry.store().committedPosition()).isEqualTo(1);
    }

    @Test
    void registeringFromAFileStoresTheArtifactFirst() throws IOException {
        Path file = Files.writeString(dir.resolve("model.onnx"), "onnx weights");

        Registration r = registry.register(NewVersion.of("detector", "1.0.0", null), file);

        assertThat(r.created()).isTrue();
        assertThat(registry.artifacts().find(r.version().sha256()))
                .contains(new ArtifactRef(r.version().sha256(), "onnx weights".length()));
        assertThat(registry.artifacts().verify(r.version().sha256())).isTrue();
    }

    @Test
    void aRegistrationIsJournaledAsOneEventAtTheNextPosition() {
        Registration r = register("detector", "1.0.0", weightsA);

        List<JournaledEvent> events = new ArrayList<>();
        registry.store().replay(1, Long.MAX_VALUE, events::add);

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.position()).isEqualTo(1);
            assertThat(e.event().model()).isEqualTo("detector");
        });
        assertThat(registry.get("detector", "1.0.0")).isEqualTo(Optional.of(r.version()));
    }
}
