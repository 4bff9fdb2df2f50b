package io.visutility.event;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares equal strings among decoded events — model names, version numbers and tag values repeat
 * across a journal's records, and replay decodes on several threads. Bounded: past {@link #MAX}
 * distinct strings, new ones are returned as they are. Field names need no help: Jackson's symbol
 * table already shares them.
 */
final class Interner {
    static final int MAX = 100_000;

    private final ConcurrentHashMap<String, String> strings = new ConcurrentHashMap<>();

    String intern(String s) {
        String existing = strings.get(s);
        if (existing != null) {
            return existing;
        }
        if (strings.size() >= MAX) {
            return s;
        }
        existing = strings.putIfAbsent(s, s);
        return existing == null ? s : existing;
    }
}
