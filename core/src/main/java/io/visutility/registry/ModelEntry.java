package io.visutility.registry;

import com.github.zafarkhaja.semver.Version;
import io.visutility.event.ModelCreated;
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
    /** Replaced once, at the end of recovery ({@link #finishLoading}); otherwise only changed in place. */
    volatile ConcurrentSkipListMap<VersionKey, VersionEntry> versions = new ConcurrentSkipListMap<>();
    volatile Map<String, Version> aliases = Map.of();
    volatile VersionEntry latest;
    volatile VersionEntry latestIncludingDeprecated;
    /** How the model was created on its own (description, tags, time); null when a first version created it. */
    volatile ModelCreated creation;

    ModelEntry(String name) {
        this.name = name;
    }

    /** Records the model's own creation; the first one stays (a model is created once). */
    void created(ModelCreated event) {
        if (creation == null) {
            creation = event;
        }
    }

    /** When it was created on its own, else when the earliest of its versions was registered. */
    Instant createdAt() {
        ModelCreated c = creation;
        if (c != null) {
            return c.createdAt();
        }
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
        if (!bulk.isEmpty() && bulk.get(bulk.size() - 1).key().compareTo(entry.key()) >= 0) {
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
        versions.put(entry.key(), entry);
        updateLatest(entry);
    }

    private void updateLatest(VersionEntry entry) {
        if (latestIncludingDeprecated == null
                || entry.key().compareTo(latestIncludingDeprecated.key()) >= 0) {
            latestIncludingDeprecated = entry;
        }
        if (!entry.deprecated()
                && (latest == null || entry.key().compareTo(latest.key()) >= 0)) {
            latest = entry;
        } else if (entry.deprecated() && latest != null
                && latest.key().compareTo(entry.key()) == 0) {
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
    private static final class SortedView extends java.util.AbstractMap<VersionKey, VersionEntry>
            implements java.util.SortedMap<VersionKey, VersionEntry> {
        private final java.util.List<VersionEntry> entries;

        SortedView(java.util.List<VersionEntry> entries) {
            this.entries = entries;
        }

        @Override
        public Comparator<? super VersionKey> comparator() {
            return null; // natural order
        }

        @Override
        public java.util.Set<Map.Entry<VersionKey, VersionEntry>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<VersionKey, VersionEntry>> iterator() {
                    Iterator<VersionEntry> it = entries.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Map.Entry<VersionKey, VersionEntry> next() {
                            VersionEntry e = it.next();
                            return new java.util.AbstractMap.SimpleImmutableEntry<>(e.key(), e);
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
        public java.util.SortedMap<VersionKey, VersionEntry> subMap(VersionKey from, VersionKey to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.SortedMap<VersionKey, VersionEntry> headMap(VersionKey to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.SortedMap<VersionKey, VersionEntry> tailMap(VersionKey from) {
            throw new UnsupportedOperationException();
        }

        @Override
        public VersionKey firstKey() {
            return entries.get(0).key();
        }

        @Override
        public VersionKey lastKey() {
            return entries.get(entries.size() - 1).key();
        }
    }
}
