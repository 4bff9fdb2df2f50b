package io.visutility.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.event.Lineage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Everything a reader can observe through the registry's public API, as plain values: comparing two
 * views compares the whole state, and a failed comparison prints a readable difference.
 */
public record RegistryView(List<ModelSummary> models, Map<String, List<VersionView>> versions,
        Map<String, Optional<String>> latest, Map<String, Optional<String>> latestIncludingDeprecated,
        Map<String, Map<String, String>> aliasLookups, long versionCount) {

    /** One version with every field a reader can see. */
    public record VersionView(String model, String version, UUID id, String sha256, long size,
            Map<String, JsonNode> metrics, Map<String, String> tags, Map<String, JsonNode> params, Lineage lineage,
            Instant createdAt, List<String> aliases, boolean deprecated, Optional<String> deprecationReason,
            Optional<Instant> deprecatedAt) {

        public static VersionView of(ModelVersion v) {
            return new VersionView(v.model(), v.version(), v.id(), v.sha256(), v.size(), v.metrics(), v.tags(),
                    v.params(), v.lineage(), v.createdAt(), v.aliases(), v.deprecated(), v.deprecationReason(),
                    v.deprecatedAt());
        }
    }

    public static RegistryView of(Registry registry) {
        List<ModelSummary> models = registry.models();
        Map<String, List<VersionView>> versions = new TreeMap<>();
        Map<String, Optional<String>> latest = new TreeMap<>();
        Map<String, Optional<String>> latestAll = new TreeMap<>();
        Map<String, Map<String, String>> aliases = new TreeMap<>();
        for (ModelSummary m : models) {
            versions.put(m.name(), registry.versions(m.name()).stream().map(VersionView::of).toList());
            latest.put(m.name(), registry.latest(m.name(), false).map(ModelVersion::version));
            latestAll.put(m.name(), registry.latest(m.name(), true).map(ModelVersion::version));
            Map<String, String> lookups = new TreeMap<>();
            for (String alias : m.aliases().keySet()) {
                lookups.put(alias, registry.alias(m.name(), alias).map(ModelVersion::version).orElse("<none>"));
            }
            aliases.put(m.name(), lookups);
        }
        return new RegistryView(models, versions, latest, latestAll, aliases, registry.versionCount());
    }
}
