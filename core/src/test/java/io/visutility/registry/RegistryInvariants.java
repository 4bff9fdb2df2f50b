package io.visutility.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.zafarkhaja.semver.Version;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The invariants users rely on, checked over everything the registry holds. */
final class RegistryInvariants {
    private RegistryInvariants() {}

    static void check(Registry registry) {
        for (ModelSummary m : registry.models()) {
            List<ModelVersion> versions = registry.versions(m.name());
            assertThat(versions).extracting(v -> Version.parse(v.version()))
                    .isSortedAccordingTo(Comparator.naturalOrder());
            for (Map.Entry<String, String> alias : m.aliases().entrySet()) {
                assertThat(versions).as("holders of %s/%s", m.name(), alias.getKey())
                        .filteredOn(v -> v.aliases().contains(alias.getKey()))
                        .singleElement()
                        .satisfies(holder -> {
                            assertThat(holder.version()).isEqualTo(alias.getValue());
                            assertThat(holder.deprecated()).as("a deprecated version holds no alias").isFalse();
                        });
                assertThat(registry.alias(m.name(), alias.getKey()).map(ModelVersion::version))
                        .contains(alias.getValue());
            }
            assertThat(versions).as("aliases of %s held by versions", m.name())
                    .allSatisfy(v -> assertThat(m.aliases().keySet()).containsAll(v.aliases()));
            Optional<String> highestLive = versions.stream().filter(v -> !v.deprecated())
                    .map(v -> Version.parse(v.version())).max(Comparator.naturalOrder()).map(Version::toString);
            assertThat(registry.latest(m.name(), false).map(ModelVersion::version)).isEqualTo(highestLive);
            assertThat(m.latestVersion()).isEqualTo(highestLive);
            assertThat(m.versions()).isEqualTo(versions.size());
        }
    }
}
