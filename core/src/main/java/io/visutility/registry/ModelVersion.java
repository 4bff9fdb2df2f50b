package io.visutility.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.event.Lineage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A registered model version as readers see it: an immutable view, cheap to hand out (values such as
 * the checksum text and the alias list are derived on request).
 */
public final class ModelVersion {
    private final String model;
    private final VersionEntry entry;
    private final Map<String, com.github.zafarkhaja.semver.Version> aliasesOfModel;

    ModelVersion(String model, VersionEntry entry, Map<String, com.github.zafarkhaja.semver.Version> aliasesOfModel) {
        this.model = model;
        this.entry = entry;
        this.aliasesOfModel = aliasesOfModel;
    }

    public String model() {
        return model;
    }

    /** The semantic version as registered, e.g. {@code 1.2.3-rc.1}. */
    public String version() {
        return entry.key().toString();
    }

    public UUID id() {
        return new UUID(entry.idHigh(), entry.idLow());
    }

    /** SHA-256 of the artifact, 64 lowercase hex digits. */
    public String sha256() {
        return entry.sha256();
    }

    /** Artifact size in bytes. */
    public long size() {
        return entry.size();
    }

    public Map<String, JsonNode> metrics() {
        return entry.metrics();
    }

    public Map<String, String> tags() {
        return entry.tags();
    }

    /** Hyper-parameters the version was trained with. */
    public Map<String, JsonNode> params() {
        return entry.params();
    }

    public Lineage lineage() {
        return entry.lineage();
    }

    public Instant createdAt() {
        return entry.createdAt();
    }

    /** The aliases this version holds (for example {@code production}), sorted. */
    public List<String> aliases() {
        List<String> held = new ArrayList<>();
        aliasesOfModel.forEach((alias, v) -> {
            if (VersionKey.of(v).equals(entry.key())) {
                held.add(alias);
            }
        });
        held.sort(null);
        return held;
    }

    public boolean deprecated() {
        return entry.deprecated();
    }

    public Optional<String> deprecationReason() {
        return Optional.ofNullable(entry.deprecation()).map(VersionEntry.Deprecation::reason);
    }

    public Optional<Instant> deprecatedAt() {
        return Optional.ofNullable(entry.deprecation()).map(VersionEntry.Deprecation::at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelVersion other && model.equals(other.model) && entry.equals(other.entry)
                && aliases().equals(other.aliases());
    }

    @Override
    public int hashCode() {
        return model.hashCode() * 31 + entry.key().hashCode();
    }

    @Override
    public String toString() {
        return model + "@" + version() + " sha256=" + sha256() + (deprecated() ? " (deprecated)" : "")
                + (aliases().isEmpty() ? "" : " aliases=" + aliases());
    }
}
