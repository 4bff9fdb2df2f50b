package io.visutility.registry;

import com.github.zafarkhaja.semver.Version;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A model's versions and aliases. Mutated only by the applier thread; read concurrently. Versions
 * are ordered by semantic-version precedence (build metadata breaks ties so that the order is
 * total). The alias map is replaced, never changed in place; the latest pointers are recomputed by
 * the applier so that {@code latest} is one volatile read.
 */
final class ModelEntry {
    final String name;
    final ConcurrentSkipListMap<Version, VersionEntry> versions = new ConcurrentSkipListMap<>();
    volatile Map<String, Version> aliases = Map.of();
    volatile VersionEntry latest;
    volatile VersionEntry latestIncludingDeprecated;

    ModelEntry(String name) {
        this.name = name;
    }

    /** When the earliest of its versions was registered. */
    Instant createdAt() {
        Instant first = null;
        for (VersionEntry v : versions.values()) {
            if (first == null || v.createdAt().isBefore(first)) {
                first = v.createdAt();
            }
        }
        return first;
    }

    void put(VersionEntry entry) {
        versions.put(entry.version(), entry);
        if (latestIncludingDeprecated == null
                || entry.version().compareTo(latestIncludingDeprecated.version()) >= 0) {
            latestIncludingDeprecated = entry;
        }
        if (!entry.deprecated()
                && (latest == null || entry.version().compareTo(latest.version()) >= 0)) {
            latest = entry;
        } else if (entry.deprecated() && latest != null
                && latest.version().compareTo(entry.version()) == 0) {
            latest = highestNotDeprecated();
        }
    }

    void setAlias(String alias, Version version) {
        Map<String, Version> next = new HashMap<>(aliases);
        next.put(alias, version);
        aliases = Map.copyOf(next);
    }

    void removeAliases(Iterable<String> removed) {
        Map<String, Version> next = new HashMap<>(aliases);
        removed.forEach(next::remove);
        aliases = Map.copyOf(next);
    }

    private VersionEntry highestNotDeprecated() {
        Iterator<VersionEntry> it = versions.descendingMap().values().iterator();
        while (it.hasNext()) {
            VersionEntry e = it.next();
            if (!e.deprecated()) {
                return e;
            }
        }
        return null;
    }
}
