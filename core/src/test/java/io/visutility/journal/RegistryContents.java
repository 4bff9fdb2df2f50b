package io.visutility.journal;

import io.visutility.registry.ModelSummary;
import io.visutility.registry.ModelVersion;
import io.visutility.registry.Registry;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Everything a reader can see in a registry, one line per model and per version, for exact comparison. */
final class RegistryContents {
    private RegistryContents() {}

    static List<String> of(Registry registry) {
        List<String> lines = new ArrayList<>();
        for (ModelSummary m : registry.models()) {
            lines.add("model " + m.name() + " versions=" + m.versions() + " latest=" + m.latestVersion().orElse("-")
                    + " aliases=" + new TreeMap<>(m.aliases()) + " created=" + m.createdAt());
            for (ModelVersion v : registry.versions(m.name())) {
                lines.add("  " + v + " id=" + v.id() + " size=" + v.size() + " created=" + v.createdAt()
                        + " metrics=" + new TreeMap<>(v.metrics()) + " tags=" + new TreeMap<>(v.tags())
                        + " params=" + new TreeMap<>(v.params()) + " lineage=" + v.lineage()
                        + " deprecation=" + v.deprecationReason().orElse("-") + "@"
                        + v.deprecatedAt().map(Object::toString).orElse("-"));
            }
        }
        return lines;
    }
}
