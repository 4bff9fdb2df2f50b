package io.visutility.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.zafarkhaja.semver.Version;
import io.visutility.Orchestrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The registry orders versions exactly as java-semver's natural order does (precedence, with build
 * metadata breaking ties), and {@code latest} is the maximum of that order over the versions that
 * are not deprecated — whatever the order of registration and deprecation.
 */
class VersionOrderProperties {
    private static Path dir;
    private static Orchestrator orchestrator;
    private static String sha;
    private static final AtomicInteger MODELS = new AtomicInteger();

    @BeforeContainer
    static void open() throws IOException {
        dir = Files.createTempDirectory("version-order");
        orchestrator = Orchestrator.open(TestConfig.fast(dir));
        sha = TestConfig.storeArtifact(orchestrator.registry(), "weights");
    }

    @AfterContainer
    static void close() throws IOException {
        orchestrator.close();
        TestConfig.deleteTree(dir);
    }

    @Provide
    Arbitrary<String> semver() {
        Arbitrary<Integer> number = Arbitraries.integers().between(0, 3);
        Arbitrary<String> identifier = Arbitraries.oneOf(Arbitraries.of("alpha", "beta", "rc", "x-y", "A"),
                Arbitraries.integers().between(0, 11).map(String::valueOf));
        Arbitrary<String> prerelease = identifier.list().ofMinSize(1).ofMaxSize(3).map(l -> "-" + String.join(".", l));
        Arbitrary<String> build = Arbitraries.of("build.1", "build.2", "exp.sha.5114f85", "001")
                .map(b -> "+" + b);
        return Combinators.combine(number, number, number, prerelease.injectNull(0.5), build.injectNull(0.7))
                .as((major, minor, patch, pre, meta) -> major + "." + minor + "." + patch + (pre == null ? "" : pre)
                        + (meta == null ? "" : meta));
    }

    @Property(tries = 80)
    void versionsAreInJavaSemverOrderAndLatestIsTheHighestNotDeprecated(
            @ForAll @Size(min = 1, max = 25) @UniqueElements List<@From("semver") String> versions,
            @ForAll @Size(25) List<Boolean> deprecateRightAfterRegistering) {
        Registry registry = orchestrator.registry();
        String model = "m" + MODELS.incrementAndGet();
        List<Version> live = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            registry.register(NewVersion.of(model, versions.get(i), sha));
            if (deprecateRightAfterRegistering.get(i)) {
                registry.deprecate(model, versions.get(i), "property");
            } else {
                live.add(Version.parse(versions.get(i)));
            }
        }

        List<Version> all = versions.stream().map(Version::parse).sorted(Comparator.naturalOrder()).toList();
        assertThat(registry.versions(model)).extracting(v -> Version.parse(v.version())).containsExactlyElementsOf(all);
        Optional<String> highestLive = live.stream().max(Comparator.naturalOrder()).map(Version::toString);
        assertThat(registry.latest(model, false).map(ModelVersion::version)).isEqualTo(highestLive);
        assertThat(registry.latest(model, true).map(ModelVersion::version)).contains(all.get(all.size() - 1).toString());
        assertThat(registry.models()).filteredOn(m -> m.name().equals(model)).singleElement()
                .satisfies(m -> assertThat(m.latestVersion()).isEqualTo(highestLive));
    }
}
