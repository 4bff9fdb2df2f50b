package io.visutility.mlflow;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.visutility.registry.ModelSummary;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MLflow's JSON, in and out: the {@code RegisteredModel} and {@code ModelVersion} messages of its
 * model-registry protocol (snake_case, timestamps in epoch milliseconds, tags as key/value lists),
 * and request bodies read as JSON objects of at most {@link #MAX_BODY} bytes.
 */
final class MlflowJson {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final int MAX_BODY = 1 << 20;
    private static final String MEDIA_TYPE = "application/json";

    private MlflowJson() {}

    static void send(ServerResponse res, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE);
        res.send(bytes);
    }

    /** The request body, which must be one JSON object. */
    static ObjectNode body(ServerRequest req) throws IOException {
        byte[] bytes;
        try (InputStream in = req.content().inputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw MlflowException.invalid("expected a request body of at most " + MAX_BODY + " bytes");
        }
        JsonNode node = bytes.length == 0 ? null : MAPPER.readTree(bytes);
        if (node == null || !node.isObject()) {
            throw MlflowException.invalid("expected a JSON object as the request body but got "
                    + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return (ObjectNode) node;
    }

    /** An optional string field; any other type is refused. */
    static String text(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw MlflowException.invalid("expected field '" + field + "' to be a string but got "
                    + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return v.textValue();
    }

    /** MLflow tags: a list of {@code {"key", "value"}} objects; a repeated key is refused. */
    static Map<String, String> tags(ObjectNode body) {
        JsonNode v = body.get("tags");
        Map<String, String> tags = new TreeMap<>();
        if (v == null || v.isNull()) {
            return tags;
        }
        if (!v.isArray()) {
            throw MlflowException.invalid("expected field 'tags' to be a list of {\"key\", \"value\"} objects");
        }
        for (JsonNode t : v) {
            if (!t.isObject() || !t.path("key").isTextual() || !(t.path("value").isTextual() || t.path("value").isMissingNode())) {
                throw MlflowException.invalid("expected each tag to be an object with a string 'key' and a string"
                        + " 'value' but got " + Texts.cut(t.toString()));
            }
            String key = t.get("key").textValue();
            if (tags.put(key, t.path("value").asText("")) != null) {
                throw MlflowException.invalid("expected each tag key once but got '" + Texts.cut(key) + "' twice");
            }
        }
        return tags;
    }

    static ObjectNode modelVersion(NumberedVersion n, String base) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("name", n.model());
        o.put("version", Integer.toString(n.number()));
        o.put("creation_timestamp", n.createdMillis());
        o.put("last_updated_timestamp", n.updatedMillis());
        o.put("current_stage", n.stage().text());
        if (n.description() != null) {
            o.put("description", n.description());
        }
        o.put("source", ArtifactSource.uri(base, n.version().sha256()));
        if (n.runId() != null) {
            o.put("run_id", n.runId());
        }
        o.put("status", "READY");
        ArrayNode tags = o.putArray("tags");
        new TreeMap<>(n.version().tags()).forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
        tags.addObject().put("key", MlflowRoutes.SEMANTIC_VERSION_TAG).put("value", n.version().version());
        ArrayNode aliases = o.putArray("aliases");
        n.version().aliases().stream().sorted().forEach(aliases::add);
        return o;
    }

    static ArrayNode modelVersions(List<NumberedVersion> versions, String base) {
        ArrayNode a = MAPPER.createArrayNode();
        versions.forEach(v -> a.add(modelVersion(v, base)));
        return a;
    }

    /**
     * A registered model with its latest version per stage. {@code last_updated_timestamp} is the
     * latest change MLflow can see: creation, a registration or a deprecation.
     */
    static ObjectNode registeredModel(ModelSummary m, List<NumberedVersion> versions, String base) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("name", m.name());
        long created = m.createdAt().toEpochMilli();
        o.put("creation_timestamp", created);
        o.put("last_updated_timestamp", versions.stream().mapToLong(NumberedVersion::updatedMillis)
                .reduce(created, Math::max));
        m.description().ifPresent(d -> o.put("description", d));
        o.set("latest_versions", modelVersions(LatestVersions.of(versions, List.of()), base));
        ArrayNode tags = o.putArray("tags");
        new TreeMap<>(m.tags()).forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
        ArrayNode aliases = o.putArray("aliases");
        for (NumberedVersion n : versions) {
            n.version().aliases().stream().sorted().forEach(a -> aliases.addObject().put("alias", a)
                    .put("version", Integer.toString(n.number())));
        }
        return o;
    }
}
