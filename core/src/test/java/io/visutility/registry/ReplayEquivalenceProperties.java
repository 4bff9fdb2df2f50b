package io.visutility.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.github.zafarkhaja.semver.Version;
import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * State rebuilt from the journal — from scratch, and from a snapshot plus the journal after it —
 * equals the live state, for random sequences of commands (valid and invalid alike).
 */
class ReplayEquivalenceProperties {
    private static final List<String> MODELS = List.of("a", "b", "c");
    private static final List<String> VERSIONS = List.of("1.0.0", "1.0.1", "1.1.0", "2.0.0-rc.1", "2.0.0", "0.9.0");

    sealed interface Action permits Register, Promote, Deprecate, Compact {}

    record Register(String model, String version, int artifact, double metric) implements Action {}

    record Promote(String model, String version, String alias) implements Action {}

    record Deprecate(String model, String version) implements Action {}

    record Compact() implements Action {}

    @Provide
    Arbitrary<Action> actions() {
        Arbitrary<String> model = Arbitraries.of(MODELS);
        Arbitrary<String> version = Arbitraries.of(VERSIONS);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Combinators.combine(model, version, Arbitraries.integers().between(0, 2),
                        Arbitraries.doubles().between(0, 1)).as(Register::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(model, version, Arbitraries.of("production", "champion"))
                        .as(Promote::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(model, version).as(Deprecate::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Compact())));
    }

    @Property(tries = 40)
    void rebuiltStateEqualsLiveState(@ForAll @Size(min = 1, max = 120) List<@net.jqwik.api.From("actions") Action> actions)
            throws IOException {
        Path dir = Files.createTempDirectory("replay");
        try {
            OrchestratorConfig config = TestRegistries.smallSegments(dir);
            String live;
            try (Orchestrator o = TestRegistries.open(config)) {
                Registry r = o.registry();
                String[] shas = {TestRegistries.store(r, "x"), TestRegistries.store(r, "y"), TestRegistries.store(r, "z")};
                for (Action a : actions) {
                    try {
                        switch (a) {
                            case Register g -> r.register(NewVersion.of(g.model(), g.version(), shas[g.artifact()])
                                    .withMetrics(Map.of("f1", DoubleNode.valueOf(g.metric()))).withTags(Map.of("k", g.model())));
                            case Promote p -> r.promote(p.model(), p.version(), p.alias());
                            case Deprecate d -> r.deprecate(d.model(), d.version(), "because " + d.version());
                            case Compact c -> o.registry().store().compact();
                        }
                    } catch (RegistryException expected) {
                        // refused commands are part of the property: they must leave no trace
                    }
                }
                live = TestRegistries.observable(r);
                checkInvariants(r);
            }
            try (Orchestrator o = TestRegistries.open(config)) {
                assertThat(TestRegistries.observable(o.registry())).as("after replay").isEqualTo(live);
                o.registry().store().compact();
            }
            try (Orchestrator o = TestRegistries.open(config)) {
                assertThat(TestRegistries.observable(o.registry())).as("after snapshot + tail").isEqualTo(live);
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void checkInvariants(Registry r) {
        for (ModelSummary m : r.models()) {
            List<ModelVersion> versions = r.versions(m.name());
            for (String alias : List.of("production", "champion")) {
                assertThat(versions.stream().filter(v -> v.aliases().contains(alias)).count()).isLessThanOrEqualTo(1);
            }
            assertThat(versions).noneMatch(v -> v.deprecated() && !v.aliases().isEmpty());
            Optional<String> expectedLatest = versions.stream().filter(v -> !v.deprecated())
                    .map(v -> Version.parse(v.version())).max(Comparator.naturalOrder()).map(Version::toString);
            assertThat(r.latest(m.name(), false).map(ModelVersion::version)).isEqualTo(expectedLatest);
            assertThat(versions.stream().map(v -> Version.parse(v.version())).toList())
                    .isSortedAccordingTo(Comparator.naturalOrder());
        }
    }

    @Property(tries = 30)
    void versionsFollowSemverPrecedenceAndLatestIsTheHighestNotDeprecated(
            @ForAll @Size(min = 1, max = 40) List<@net.jqwik.api.From("semver") String> versions,
            @ForAll @Size(max = 10) List<@net.jqwik.api.From("semver") String> toDeprecate) throws IOException {
        Path dir = Files.createTempDirectory("semver");
        try (Orchestrator o = TestRegistries.open(TestRegistries.config(dir))) {
            Registry r = o.registry();
            String sha = TestRegistries.store(r, "w");
            for (String v : versions) {
                r.register(NewVersion.of("m", v, sha));
            }
            for (String v : toDeprecate) {
                if (r.get("m", v).isPresent()) {
                    r.deprecate("m", v, null);
                }
            }
            List<Version> expected = versions.stream().distinct().map(Version::parse).sorted().toList();
            assertThat(r.versions("m")).extracting(v -> Version.parse(v.version())).containsExactlyElementsOf(expected);
            checkInvariants(r);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Provide
    Arbitrary<String> semver() {
        Arbitrary<Integer> n = Arbitraries.integers().between(0, 12);
        Arbitrary<String> pre = Arbitraries.of("", "-alpha", "-alpha.1", "-beta", "-rc.1", "-rc.2", "-0.3.7", "-x.7.z.92");
        return Combinators.combine(n, n, n, pre).as((a, b, c, p) -> a + "." + b + "." + c + p);
    }
}
