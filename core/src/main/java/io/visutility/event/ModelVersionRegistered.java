package io.visutility.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A new version of a model was registered with its artifact and metadata. */
public record ModelVersionRegistered(
        String model,
        String version,
        UUID id,
        String sha256,
        long size,
        Map<String, JsonNode> metrics,
        Map<String, String> tags,
        Map<String, JsonNode> params,
        Lineage lineage,
        Instant createdAt) implements Event {

    public ModelVersionRegistered {
        metrics = metrics == null ? Map.of() : metrics;
        tags = tags == null ? Map.of() : tags;
        params = params == null ? Map.of() : params;
        lineage = lineage == null ? Lineage.NONE : lineage;
    }
}
