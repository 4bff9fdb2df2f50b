package io.visutility.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a {@link ModelVersionRegistered} payload straight off the streaming parser. It is the record
 * a journal holds a million of, and data binding (bean introspection, creator buffering, a
 * LinkedHashMap per map) made up most of replay's cost; this produces exactly what data binding
 * produces (the same JsonNode kinds for metric and parameter values) and is at least as strict: an
 * unknown field, a missing required field or a value of the wrong kind is an error naming the field.
 */
final class RegisteredReader {
    private RegisteredReader() {}

    /** Reads the object the parser is positioned at ({@link JsonToken#START_OBJECT}). */
    static ModelVersionRegistered read(JsonParser p, Interner interner) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT, "the event");
        String model = null;
        String version = null;
        UUID id = null;
        String sha256 = null;
        long size = 0;
        Map<String, JsonNode> metrics = null;
        Map<String, String> tags = null;
        Map<String, JsonNode> params = null;
        Lineage lineage = null;
        Instant createdAt = null;
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (field) {
                case "model" -> model = interner.intern(text(p, t, field));
                case "version" -> version = text(p, t, field);
                case "id" -> id = uuid(p, t);
                case "sha256" -> sha256 = text(p, t, field);
                case "size" -> {
                    expect(p, t, JsonToken.VALUE_NUMBER_INT, "'" + field + "'");
                    size = p.getLongValue();
                }
                case "metrics" -> metrics = nodes(p, t, field);
                case "tags" -> tags = strings(p, t, field, interner);
                case "params" -> params = nodes(p, t, field);
                case "lineage" -> lineage = lineage(p, t);
                case "created_at" -> createdAt = instant(p, t);
                default -> throw new IOException("unknown field '" + field + "' in ModelVersionRegistered");
            }
        }
        expect(p, p.currentToken(), JsonToken.END_OBJECT, "the end of the event");
        require(model, "model");
        require(version, "version");
        require(id, "id");
        require(sha256, "sha256");
        require(createdAt, "created_at");
        return new ModelVersionRegistered(model, version, id, sha256, size, metrics, tags, params, lineage,
                createdAt);
    }

    private static void require(Object value, String field) throws IOException {
        if (value == null) {
            throw new IOException("ModelVersionRegistered has no '" + field + "'");
        }
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected, String what) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " for " + what + " but found " + actual + " at "
                    + p.currentLocation().offsetDescription());
        }
    }

    private static String text(JsonParser p, JsonToken t, String field) throws IOException {
        expect(p, t, JsonToken.VALUE_STRING, "'" + field + "'");
        return p.getText();
    }

    private static UUID uuid(JsonParser p, JsonToken t) throws IOException {
        String s = text(p, t, "id");
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw new IOException("'id' is not a UUID: " + s);
        }
    }

    private static Instant instant(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return Instant.ofEpochMilli(p.getLongValue());
        }
        String s = text(p, t, "created_at");
        try {
            Instant fast = InstantCodec.parse(s);
            return fast != null ? fast : Instant.parse(s);
        } catch (java.time.DateTimeException e) {
            throw new IOException("'created_at' is not an ISO-8601 instant: " + s);
        }
    }

    private static Map<String, String> strings(JsonParser p, JsonToken t, String field, Interner interner)
            throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, t, JsonToken.START_OBJECT, "'" + field + "'");
        String key = p.nextFieldName();
        if (key == null) {
            return Map.of();
        }
        String first = interner.intern(text(p, p.nextToken(), field + "." + key));
        String next = p.nextFieldName();
        if (next == null) {
            return Map.of(key, first);
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put(key, first);
        for (; next != null; next = p.nextFieldName()) {
            out.put(next, interner.intern(text(p, p.nextToken(), field + "." + next)));
        }
        return out;
    }

    private static Map<String, JsonNode> nodes(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, t, JsonToken.START_OBJECT, "'" + field + "'");
        String key = p.nextFieldName();
        if (key == null) {
            return Map.of();
        }
        JsonNode first = node(p, p.nextToken());
        String next = p.nextFieldName();
        if (next == null) {
            return Map.of(key, first);
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        out.put(key, first);
        for (; next != null; next = p.nextFieldName()) {
            out.put(next, node(p, p.nextToken()));
        }
        return out;
    }

    /** The node data binding makes of the value at {@code t} (defaults: doubles, not BigDecimals). */
    private static JsonNode node(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_NUMBER_FLOAT -> p.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
                    ? DecimalNode.valueOf(p.getDecimalValue()) : DoubleNode.valueOf(p.getDoubleValue());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> IntNode.valueOf(p.getIntValue());
                case LONG -> LongNode.valueOf(p.getLongValue());
                default -> BigIntegerNode.valueOf(p.getBigIntegerValue());
            };
            case VALUE_STRING -> TextNode.valueOf(p.getText());
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            case VALUE_NULL -> NullNode.getInstance();
            case START_OBJECT, START_ARRAY -> EventCodec.mapper().readTree(p);
            default -> throw new IOException("unexpected " + t + " at " + p.currentLocation().offsetDescription());
        };
    }

    private static Lineage lineage(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, t, JsonToken.START_OBJECT, "'lineage'");
        String parent = null;
        String job = null;
        String reason = null;
        String detection = null;
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            String value = v == JsonToken.VALUE_NULL ? null : text(p, v, "lineage." + field);
            switch (field) {
                case "parent_version" -> parent = value;
                case "training_job_id" -> job = value;
                case "reason" -> reason = value;
                case "detection" -> detection = value;
                default -> throw new IOException("unknown field 'lineage." + field + "' in ModelVersionRegistered");
            }
        }
        return parent == null && job == null && reason == null && detection == null ? Lineage.NONE
                : new Lineage(parent, job, reason, detection);
    }
}
