package io.visutility.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.event.EventCodec;
import io.visutility.event.Lineage;
import io.visutility.registry.ModelSummary;
import io.visutility.registry.ModelVersion;
import java.util.List;
import java.util.Map;

/** How registry objects are printed: as JSON (stable field names) or as aligned text for people. */
final class Output {
    static final ObjectMapper JSON = EventCodec.newMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {}

    static ObjectNode json(ModelVersion v) {
        ObjectNode o = JSON.createObjectNode();
        o.put("model", v.model());
        o.put("version", v.version());
        o.put("id", v.id().toString());
        o.put("sha256", v.sha256());
        o.put("size", v.size());
        ArrayNode aliases = o.putArray("aliases");
        v.aliases().forEach(aliases::add);
        o.put("deprecated", v.deprecated());
        v.deprecationReason().ifPresent(r -> o.put("deprecation_reason", r));
        v.deprecatedAt().ifPresent(t -> o.put("deprecated_at", t.toString()));
        o.set("metrics", map(v.metrics()));
        ObjectNode tags = o.putObject("tags");
        v.tags().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> tags.put(e.getKey(), e.getValue()));
        o.set("params", map(v.params()));
        Lineage l = v.lineage();
        ObjectNode lineage = o.putObject("lineage");
        if (l.parentVersion() != null) {
            lineage.put("parent_version", l.parentVersion());
        }
        if (l.trainingJobId() != null) {
            lineage.put("training_job_id", l.trainingJobId());
        }
        if (l.reason() != null) {
            lineage.put("reason", l.reason());
        }
        o.put("created_at", v.createdAt().toString());
        return o;
    }

    private static ObjectNode map(Map<String, JsonNode> values) {
        ObjectNode o = JSON.createObjectNode();
        values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> o.set(e.getKey(), e.getValue()));
        return o;
    }

    static ArrayNode json(List<ModelVersion> versions) {
        ArrayNode a = JSON.createArrayNode();
        versions.forEach(v -> a.add(json(v)));
        return a;
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

    /** One line per version: version, aliases, deprecation, checksum prefix, metrics. */
    static String line(ModelVersion v) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-16s", v.version()));
        b.append(String.format(" %-20s", v.aliases().isEmpty() ? "-" : String.join(",", v.aliases())));
        b.append(' ').append(v.sha256(), 0, 12);
        if (v.deprecated()) {
            b.append("  DEPRECATED");
            v.deprecationReason().ifPresent(r -> b.append(" (").append(r).append(')'));
        }
        if (!v.metrics().isEmpty()) {
            b.append("  ");
            v.metrics().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> b.append(e.getKey()).append('=').append(e.getValue()).append(' '));
        }
        return b.toString().stripTrailing();
    }
}
