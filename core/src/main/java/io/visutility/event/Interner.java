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
    /**
     * A lossy cache in front of {@link #strings} for ASCII text still in its bytes: an open-addressing
     * table read and written without locks (a String is immutable and safely published, so a racing
     * reader sees null or a whole string; a lost write only costs a miss). Saves making and hashing a
     * String for every repeated name while decoding.
     */
    private final String[] byBytes = new String[1 << 14];

    /** The shared string with the characters {@code b[from, from + length)}, decoded as UTF-8. */
    String intern(byte[] b, int from, int length) {
        int h = 0;
        for (int k = from; k < from + length; k++) {
            byte c = b[k];
            if (c < 0) {
                return intern(new String(b, from, length, java.nio.charset.StandardCharsets.UTF_8));
            }
            h = 31 * h + c;
        }
        int mask = byBytes.length - 1;
        int slot = (h ^ (h >>> 16)) & mask;
        String s = byBytes[slot];
        if (s != null && s.length() == length && s.hashCode() == h && sameChars(s, b, from)) {
            return s;
        }
        String fresh = intern(new String(b, from, length, java.nio.charset.StandardCharsets.ISO_8859_1));
        byBytes[slot] = fresh;
        return fresh;
    }

    private static boolean sameChars(String s, byte[] b, int from) {
        for (int k = 0; k < s.length(); k++) {
            if (s.charAt(k) != b[from + k]) {
                return false;
            }
        }
        return true;
    }

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
