package io.visutility.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client's records as the server's JSON, both ways. Reading is lenient about fields it does not
 * know (a newer server may add some) and strict about the ones it needs.
 */
final class Representations {
    private Representations() {}

    static ObjectNode registration(Registration r) {
        ObjectNode o = Http.MAPPER.createObjectNode();
        o.put("version", r.version());
        o.put("artifact_sha256", r.artifactSha256());
        ObjectNode metrics = o.putObject("metrics");
        r.metrics().forEach(metrics::put);
        ObjectNode tags = o.putObject("tags");
        r.tags().forEach(tags::put);
        o.set("params", Http.MAPPER.valueToTree(r.params()));
        ObjectNode lineage = o.putObject("lineage");
        ModelVersion.Lineage l = r.lineage();
        if (l.parentVersion() != null) {
            lineage.put("parent_version", l.parentVersion());
        }
        if (l.trainingJobId() != null) {
            lineage.put("training_job_id", l.trainingJobId());
        }
        if (l.reason() != null) {
            lineage.put("reason", l.reason());
        }
        return o;
    }

    static Artifact artifact(JsonNode o) {
        return new Artifact(text(o, "sha256"), number(o, "size"));
    }

    static ModelVersion version(JsonNode o) {
        List<String> aliases = new ArrayList<>();
        o.path("aliases").forEach(a -> aliases.add(a.asText()));
        Map<String, String> tags = new LinkedHashMap<>();
        o.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        JsonNode lineage = o.path("lineage");
        return new ModelVersion(text(o, "model"), text(o, "version"), o.path("id").asText(null), text(o, "sha256"),
                number(o, "size"), aliases, o.path("deprecated").asBoolean(false),
                o.path("deprecation_reason").asText(null), instant(o, "deprecated_at"), nodes(o.path("metrics")), tags,
                nodes(o.path("params")), new ModelVersion.Lineage(lineage.path("parent_version").asText(null),
                        lineage.path("training_job_id").asText(null), lineage.path("reason").asText(null)),
                instant(o, "created_at"));
    }

    private static Map<String, JsonNode> nodes(JsonNode object) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("expected text field '" + field + "' but got " + v + " in " + o);
        }
        return v.asText();
    }

    private static long number(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new IllegalArgumentException("expected integer field '" + field + "' but got " + v + " in " + o);
        }
        return v.asLong();
    }

    private static Instant instant(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected an ISO-8601 instant in '" + field + "' but got " + v, e);
        }
    }
}
