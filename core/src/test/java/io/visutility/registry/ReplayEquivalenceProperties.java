package io.visutility.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.event.Lineage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Exact replay: for random sequences of commands, valid and invalid alike, the state rebuilt from the
 * journal — from scratch, and from a snapshot plus the journal after it — equals the live state in
 * everything a reader can observe and in the internal state (including the latest pointers).
 */
class ReplayEquivalenceProperties {
    /** Mostly valid names; the rest must be refused without a trace. */
    private static final List<Tuple.Tuple2<Integer, String>> MODELS = List.of(Tuple.of(10, "detector"),
            Tuple.of(8, "segmenter"), Tuple.of(1, "../evil"));
    private static final List<Tuple.Tuple2<Integer, String>> ODD_VERSIONS = List.of(Tuple.of(1, "2.0.0-rc.1"),
            Tuple.of(1, "0.9.0+build.5"), Tuple.of(1, "1.2"), Tuple.of(1, "v1.0.0"));
    private static final List<Tuple.Tuple2<Integer, String>> ALIASES = List.of(Tuple.of(5, "production"),
            Tuple.of(4, "champion"), Tuple.of(1, "bad/alias"));
    /** Artifacts 0..2 are stored; 3 is a well-formed checksum that was never uploaded. */
    private static final int UNKNOWN_ARTIFACT = 3;

    /** One step of a random history. */
    sealed interface Step permits Register, Promote, Deprecate, Create {}

    record Register(String model, String version, int artifact, double metric, String tag, String reason)
            implements Step {}

    record Promote(String model, String version, String alias) implements Step {}

    record Deprecate(String model, String version, String reason) implements Step {}

    /** A model created on its own; a repeat with other content is refused. */
    record Create(String model, String description) implements Step {}

    @Provide
    Arbitrary<Step> steps() {
        Arbitrary<String> model = Arbitraries.frequency(MODELS).withoutEdgeCases();
        // few versions per model, so that promotions, deprecations and re-registrations collide often
        Arbitrary<String> version = Arbitraries.frequencyOf(
                Tuple.of(12, Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers()
                        .between(0, 1)).as((minor, patch) -> "1." + minor + "." + patch)),
                Tuple.of(2, Arbitraries.frequency(ODD_VERSIONS))).withoutEdgeCases();
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(100).ofMaxLength(600);
        return Arbitraries.frequencyOf(
                Tuple.of(8, Combinators.combine(model, version, Arbitraries.frequency(Tuple.of(4, 0), Tuple.of(4, 1),
                        Tuple.of(4, 2), Tuple.of(1, UNKNOWN_ARTIFACT)),
                        Arbitraries.doubles().between(-1e6, 1e6), Arbitraries.of("traffic", "retail", ""), text)
                        .as(Register::new)),
                Tuple.of(3, Combinators.combine(model, version, Arbitraries.frequency(ALIASES)).as(Promote::new)),
                Tuple.of(2, Combinators.combine(model, version, text.injectNull(0.2)).as(Deprecate::new)),
                Tuple.of(2, Combinators.combine(model, Arbitraries.of("cars", "people").injectNull(0.4))
                        .as(Create::new)));
    }

    /** Applies the steps live; refused ones must leave the journal untouched. */
    private static void apply(Registry registry, List<String> artifacts, Step step) {
        long position = registry.store().committedPosition();
        try {
            switch (step) {
                case Register r -> registry.register(NewVersion.of(r.model(), r.version(), artifacts.get(r.artifact()))
                        .withMetrics(metrics(r.metric()))
                        .withTags(r.tag().isEmpty() ? Map.of() : Map.of("project", r.tag()))
                        .withParams(Map.of("optimizer", TextNode.valueOf("sgd"), "seed", IntNode.valueOf(7)))
                        .withLineage(new Lineage(null, "job-" + r.artifact(), r.reason())));
                case Promote p -> registry.promote(p.model(), p.version(), p.alias());
                case Deprecate d -> registry.deprecate(d.model(), d.version(), d.reason());
                case Create c -> registry.createModel(c.model(), c.description(),
                        c.description() == null ? Map.of() : Map.of("team", c.description()));
            }
        } catch (RegistryException refused) {
            assertThat(registry.store().committedPosition()).as("journal after refused %s", step).isEqualTo(position);
        }
    }

    private static Map<String, JsonNode> metrics(double value) {
        JsonNode perClass = JsonNodeFactory.instance.objectNode().put("car", value).put("bus", 1)
                .set("confusion", JsonNodeFactory.instance.arrayNode().add(1).add(value));
        return Map.of("map50", DoubleNode.valueOf(value), "per_class", perClass);
    }

    private static Path templateArtifacts;
    private static List<String> artifacts;

    /**
     * Stores the artifacts once; each try copies them into its data directory, which is much
     * cheaper than storing them again (every store is fsynced).
     */
    @BeforeContainer
    static void storeArtifactsOnce() throws IOException {
        templateArtifacts = Files.createTempDirectory("replay-artifacts");
        ArtifactStore store = new ArtifactStore(templateArtifacts);
        List<String> shas = new ArrayList<>();
        for (int i = 0; i < UNKNOWN_ARTIFACT; i++) {
            shas.add(store.put(new ByteArrayInputStream(("weights " + i).getBytes(StandardCharsets.UTF_8))).sha256());
        }
        shas.add("ab".repeat(32));
        artifacts = List.copyOf(shas);
    }

    @AfterContainer
    static void deleteArtifacts() {
        TestConfig.deleteTree(templateArtifacts);
    }

    private static Path newDataDirectory(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        try (Stream<Path> files = Files.walk(templateArtifacts)) {
            for (Path from : files.toList()) {
                Path to = dir.resolve("artifacts").resolve(templateArtifacts.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        return dir;
    }

    private static RegistryState internalState(Registry registry) {
        return (RegistryState) registry.store().state();
    }

    @Property(tries = 30)
    void reopeningFromTheJournalRebuildsTheLiveState(@ForAll @Size(max = 40) List<@From("steps") Step> steps)
            throws IOException {
        Path dir = newDataDirectory("replay-journal");
        try {
            OrchestratorConfig config = TestConfig.fast(dir);
            RegistryView live;
            RegistryState liveState;
            try (Orchestrator o = Orchestrator.open(config)) {
                steps.forEach(step -> apply(o.registry(), artifacts, step));
                RegistryInvariants.check(o.registry());
                live = RegistryView.of(o.registry());
                liveState = internalState(o.registry());
            }
            try (Orchestrator o = Orchestrator.open(config)) {
                assertThat(RegistryView.of(o.registry())).isEqualTo(live);
                assertThat(internalState(o.registry())).isEqualTo(liveState);
            }
        } finally {
            TestConfig.deleteTree(dir);
        }
    }

    @Property(tries = 30)
    void aSnapshotPlusTheJournalTailRebuildsTheLiveState(
            @ForAll @Size(min = 20, max = 45) List<@From("steps") Step> steps,
            @ForAll @Size(min = 1, max = 3) Set<@IntRange(max = 100) Integer> compactAtPercent)
            throws IOException {
        Path dir = newDataDirectory("replay-snapshot");
        try {
            OrchestratorConfig config = TestConfig.smallSegments(dir);
            RegistryView live;
            RegistryState liveState;
            boolean snapshotted = false;
            try (Orchestrator o = Orchestrator.open(config)) {
                Set<Integer> compactAfter = compactAtPercent.stream().map(p -> p * (steps.size() - 1) / 100)
                        .collect(Collectors.toSet());
                for (int i = 0; i < steps.size(); i++) {
                    apply(o.registry(), artifacts, steps.get(i));
                    if (compactAfter.contains(i)) {
                        snapshotted |= o.registry().store().compact().isPresent();
                    }
                }
                RegistryInvariants.check(o.registry());
                live = RegistryView.of(o.registry());
                liveState = internalState(o.registry());
            }
            Statistics.label("snapshot taken").collect(snapshotted);
            try (Orchestrator o = Orchestrator.open(config)) {
                if (snapshotted) {
                    assertThat(o.registry().store().firstRetainedPosition()).as("journal start after compaction")
                            .isGreaterThan(1);
                }
                assertThat(RegistryView.of(o.registry())).isEqualTo(live);
                assertThat(internalState(o.registry())).isEqualTo(liveState);
            }
        } finally {
            TestConfig.deleteTree(dir);
        }
        Statistics.label("snapshot taken").coverage(c -> c.check(true).percentage(p -> p >= 5));
    }
}
