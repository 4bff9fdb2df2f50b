package io.visutility.registry;

import com.github.zafarkhaja.semver.Version;
import java.time.Instant;
import java.util.Comparator;
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
    /**
     * java-semver's natural order, with its common case first: versions that differ in major, minor
     * or patch number are ordered by those alone, without the library's checks and pre-release
     * handling (most of replay's comparisons).
     */
    static final Comparator<Version> ORDER = (a, b) -> {
        int c = Long.compare(a.majorVersion(), b.majorVersion());
        if (c == 0) {
            c = Long.compare(a.minorVersion(), b.minorVersion());
            if (c == 0) {
                c = Long.compare(a.patchVersion(), b.patchVersion());
                if (c == 0) {
                    return a.compareTo(b);
                }
            }
        }
        return c;
    };

    final ConcurrentSkipListMap<Version, VersionEntry> versions = new ConcurrentSkipListMap<>(ORDER);
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
                || ORDER.compare(entry.version(), latestIncludingDeprecated.version()) >= 0) {
            latestIncludingDeprecated = entry;
        }
        if (!entry.deprecated()
                && (latest == null || ORDER.compare(entry.version(), latest.version()) >= 0)) {
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
