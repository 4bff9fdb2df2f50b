package io.visutility.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.event.Lineage;
import io.visutility.registry.ArtifactRef;
import io.visutility.registry.ModelSummary;
import io.visutility.registry.ModelVersion;
import java.util.List;
import java.util.Map;

/** How registry objects look in responses: the same snake_case fields as the CLI's {@code --json}. */
final class Representations {
    private Representations() {}

    static ObjectNode version(ModelVersion v) {
        ObjectNode o = Json.MAPPER.createObjectNode();
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
        o.set("metrics", sorted(v.metrics()));
        ObjectNode tags = o.putObject("tags");
        v.tags().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> tags.put(e.getKey(), e.getValue()));
        o.set("params", sorted(v.params()));
        o.set("lineage", lineage(v.lineage()));
        o.put("created_at", v.createdAt().toString());
        return o;
    }

    private static ObjectNode lineage(Lineage l) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        if (l.parentVersion() != null) {
            o.put("parent_version", l.parentVersion());
        }
        if (l.trainingJobId() != null) {
            o.put("training_job_id", l.trainingJobId());
        }
        if (l.reason() != null) {
            o.put("reason", l.reason());
        }
        if (l.detection() != null) {
            o.put("detection", l.detection());
        }
        return o;
    }

    private static ObjectNode sorted(Map<String, JsonNode> values) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> o.set(e.getKey(), e.getValue()));
        return o;
    }

    static ArrayNode versions(List<ModelVersion> versions) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        versions.forEach(v -> a.add(version(v)));
        return a;
    }

    static ObjectNode model(ModelSummary m) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("name", m.name());
        o.put("versions", m.versions());
        m.latestVersion().ifPresentOrElse(v -> o.put("latest_version", v), () -> o.putNull("latest_version"));
        ObjectNode aliases = o.putObject("aliases");
        m.aliases().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> aliases.put(e.getKey(), e.getValue()));
        if (m.createdAt() != null) {
            o.put("created_at", m.createdAt().toString());
        }
        return o;
    }

    static ArrayNode models(List<ModelSummary> models) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        models.forEach(m -> a.add(model(m)));
        return a;
    }

    static ObjectNode artifact(ArtifactRef ref) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("sha256", ref.sha256());
        o.put("size", ref.size());
        return o;
    }
}
