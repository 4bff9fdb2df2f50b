package io.visutility.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.zafarkhaja.semver.Version;
import io.visutility.event.Lineage;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * One version as held in memory. Immutable: deprecation replaces the entry. Kept compact because a
 * registry may hold millions: the checksum as four longs, the id as two, the creation time as
 * seconds and nanoseconds, and metadata maps that are immutable, with shared keys (see
 * {@link RegistryState}).
 */
record VersionEntry(
        VersionKey key,
        long idHigh,
        long idLow,
        long sha0,
        long sha1,
        long sha2,
        long sha3,
        long size,
        Map<String, JsonNode> metrics,
        Map<String, String> tags,
        Map<String, JsonNode> params,
        Lineage lineage,
        long createdSecond,
        int createdNano,
        Deprecation deprecation) {

    /** Why and when a version was deprecated. */
    record Deprecation(String reason, Instant at) {}

    /** The version (made on demand; see {@link VersionKey}). */
    Version version() {
        return key.version();
    }

    static VersionEntry of(VersionKey version, long idHigh, long idLow, String sha256, long size,
            Map<String, JsonNode> metrics, Map<String, String> tags, Map<String, JsonNode> params, Lineage lineage,
            Instant createdAt) {
        if (sha256.length() != 64) {
            throw new IllegalArgumentException("expected 64 hex digits of SHA-256 but got " + sha256.length());
        }
        return new VersionEntry(version, idHigh, idLow, hexLong(sha256, 0), hexLong(sha256, 16),
                hexLong(sha256, 32), hexLong(sha256, 48), size, metrics, tags, params, lineage, createdAt.getEpochSecond(), createdAt.getNano(), null);
    }


    /** The 16 hex digits at {@code from} as a long (replay parses a million checksums). */
    private static long hexLong(String s, int from) {
        long v = 0;
        for (int k = from; k < from + 16; k++) {
            v = v << 4 | HexFormat.fromHexDigit(s.charAt(k)); // validated on registration; else NumberFormatException
        }
        return v;
    }

    String sha256() {
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(sha0) + hex.toHexDigits(sha1) + hex.toHexDigits(sha2) + hex.toHexDigits(sha3);
    }

    Instant createdAt() {
        return Instant.ofEpochSecond(createdSecond, createdNano);
    }

    boolean deprecated() {
        return deprecation != null;
    }

    VersionEntry deprecate(String reason, Instant at) {
        return new VersionEntry(key, idHigh, idLow, sha0, sha1, sha2, sha3, size, metrics, tags, params, lineage,
                createdSecond, createdNano, new Deprecation(reason, at));
    }

    @Override
    public String toString() {
        return "VersionEntry[" + key + ", sha256=" + sha256() + ", deprecation=" + deprecation + "]";
    }
}
