package io.visutility.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.event.EventCodec;
import io.visutility.http.Representations;
import io.visutility.registry.ModelSummary;
import io.visutility.registry.ModelVersion;
import java.util.List;
import java.util.Map;

/** How registry objects are printed: as JSON (stable field names) or as aligned text for people. */
final class Output {
    static final ObjectMapper JSON = EventCodec.newMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {}

    /** A version as the REST API gives it. */
    static ObjectNode json(ModelVersion v) {
        return Representations.version(v);
    }

    static ArrayNode json(List<ModelVersion> versions) {
        return Representations.versions(versions);
    }

    static ObjectNode json(ModelSummary m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", m.name());
        o.put("versions", m.versions());
        m.latestVersion().ifPresentOrElse(v -> o.put("latest_version", v), () -> o.putNull("latest_version"));
        ObjectNode aliases = o.putObject("aliases");
        m.aliases().forEach(aliases::put);
        o.put("created_at", m.createdAt() == null ? null : m.createdAt().toString());
        return o;
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One line per version: version, aliases, deprecation, checksum prefix, metrics. It is made from
     * the version's JSON ({@link #json(ModelVersion)}), the one form a local and a remote command share.
     */
    static String line(JsonNode v) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-16s", v.get("version").asText()));
        List<String> aliases = new java.util.ArrayList<>();
        v.path("aliases").forEach(a -> aliases.add(a.asText()));
        b.append(String.format(" %-20s", aliases.isEmpty() ? "-" : String.join(",", aliases)));
        b.append(' ').append(v.get("sha256").asText(), 0, 12);
        if (v.path("deprecated").asBoolean()) {
            b.append("  DEPRECATED");
            if (v.hasNonNull("deprecation_reason")) {
                b.append(" (").append(v.get("deprecation_reason").asText()).append(')');
            }
        }
        JsonNode metrics = v.path("metrics");
        if (!metrics.isEmpty()) {
            b.append("  ");
            List<Map.Entry<String, JsonNode>> sorted = new java.util.ArrayList<>();
            metrics.fields().forEachRemaining(sorted::add);
            sorted.sort(Map.Entry.comparingByKey());
            sorted.forEach(e -> b.append(e.getKey()).append('=').append(e.getValue()).append(' '));
        }
        return b.toString().stripTrailing();
    }
}
