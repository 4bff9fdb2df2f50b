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

    /** Replaced once, at the end of recovery ({@link #finishLoading}); otherwise only changed in place. */
    volatile ConcurrentSkipListMap<Version, VersionEntry> versions = new ConcurrentSkipListMap<>(ORDER);
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

    /**
     * Versions registered during recovery, in order, while they arrive in ascending version order
     * (the usual case: a model's versions are registered in increasing order). A skip-list insert
     * walks the list from its head each time; appending here and building the skip list once, in
     * linear time, at the end of recovery is most of what replay saves on applying. Null once live.
     */
    private java.util.ArrayList<VersionEntry> bulk;

    /** Like {@link #put}, during recovery only (no readers yet). */
    void load(VersionEntry entry) {
        if (bulk == null) {
            if (!versions.isEmpty()) {
                put(entry);
                return;
            }
            bulk = new java.util.ArrayList<>();
        }
        if (!bulk.isEmpty() && ORDER.compare(bulk.get(bulk.size() - 1).version(), entry.version()) >= 0) {
            finishLoading(); // out of order (or again): fall back to the skip list for this model
            put(entry);
            return;
        }
        bulk.add(entry);
        updateLatest(entry);
    }

    /** Recovery is over: the versions loaded in order go into the skip list. */
    void finishLoading() {
        if (bulk == null) {
            return;
        }
        java.util.List<VersionEntry> loaded = bulk;
        bulk = null;
        versions = new ConcurrentSkipListMap<>(new SortedView(loaded)); // built from a sorted map in one pass
    }

    void put(VersionEntry entry) {
        if (bulk != null) {
            finishLoading();
        }
        versions.put(entry.version(), entry);
        updateLatest(entry);
    }

    private void updateLatest(VersionEntry entry) {
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

    /** A read-once sorted-map view of versions already in order, to build a skip list from. */
    private static final class SortedView extends java.util.AbstractMap<Version, VersionEntry>
            implements java.util.SortedMap<Version, VersionEntry> {
        private final java.util.List<VersionEntry> entries;

        SortedView(java.util.List<VersionEntry> entries) {
            this.entries = entries;
        }

        @Override
        public Comparator<? super Version> comparator() {
            return ORDER;
        }

        @Override
        public java.util.Set<Map.Entry<Version, VersionEntry>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<Version, VersionEntry>> iterator() {
                    Iterator<VersionEntry> it = entries.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Map.Entry<Version, VersionEntry> next() {
                            VersionEntry e = it.next();
                            return new java.util.AbstractMap.SimpleImmutableEntry<>(e.version(), e);
                        }
                    };
                }

                @Override
                public int size() {
                    return entries.size();
                }
            };
        }

        @Override
        public java.util.SortedMap<Version, VersionEntry> subMap(Version from, Version to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.SortedMap<Version, VersionEntry> headMap(Version to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.SortedMap<Version, VersionEntry> tailMap(Version from) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Version firstKey() {
            return entries.get(0).version();
        }

        @Override
        public Version lastKey() {
            return entries.get(entries.size() - 1).version();
        }
    }
}
