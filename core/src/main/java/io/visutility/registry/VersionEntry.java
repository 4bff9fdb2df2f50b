package io.visutility.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.zafarkhaja.semver.Version;
import io.visutility.event.Lineage;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Map;

/**
 * One version as held in memory. Immutable: deprecation replaces the entry. Kept compact because a
 * registry may hold millions: the checksum as 32 bytes, the id as two longs.
 */
record VersionEntry(
        Version version,
        long idHigh,
        long idLow,
        byte[] sha256,
        long size,
        Map<String, JsonNode> metrics,
        Map<String, String> tags,
        Map<String, JsonNode> params,
        Lineage lineage,
        Instant createdAt,
        Deprecation deprecation) {

    /** Why and when a version was deprecated. */
    record Deprecation(String reason, Instant at) {}

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionEntry e && version.equals(e.version) && idHigh == e.idHigh && idLow == e.idLow
                && Arrays.equals(sha256, e.sha256) && size == e.size && metrics.equals(e.metrics)
                && tags.equals(e.tags) && params.equals(e.params) && lineage.equals(e.lineage)
                && createdAt.equals(e.createdAt) && Objects.equals(deprecation, e.deprecation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, idHigh, idLow, Arrays.hashCode(sha256));
    }

    @Override
    public String toString() {
        return "VersionEntry[" + version + ", sha256=" + HexFormat.of().formatHex(sha256) + ", deprecation="
                + deprecation + "]";
    }

    boolean deprecated() {
        return deprecation != null;
    }

    VersionEntry deprecate(String reason, Instant at) {
        return new VersionEntry(version, idHigh, idLow, sha256, size, metrics, tags, params, lineage, createdAt,
                new Deprecation(reason, at));
    }
}
