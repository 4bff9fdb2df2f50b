package io.visutility.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.visutility.event.EventCodec;
import io.visutility.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;

/**
 * JSON in and out of the API. Request bodies are read strictly: at most {@link #MAX_BODY} bytes, one
 * JSON value, no unknown fields, no duplicate keys, no NaN, and no silent coercion (a number is not a
 * string, a string is not a number).
 */
final class Json {
    /** The largest JSON request body accepted. */
    static final int MAX_BODY = 1 << 20;
    static final String MEDIA_TYPE = "application/json";

    static final ObjectMapper MAPPER = strict(EventCodec.newMapper());

    private Json() {}

    private static ObjectMapper strict(ObjectMapper m) {
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        m.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return m;
    }

    /** Reads the request body as {@code type}; a missing body or {@code null} is refused. */
    static <T> T read(ServerRequest req, Class<T> type) throws IOException {
        byte[] body = body(req);
        T value = MAPPER.readValue(body, type);
        if (value == null) {
            throw new RegistryException(RegistryException.Code.INVALID_INPUT,
                    "expected a JSON object as the request body but got null");
        }
        return value;
    }

    private static byte[] body(ServerRequest req) throws IOException {
        return body(req, MAX_BODY);
    }

    /** The whole request body, refused when empty or over {@code limit} bytes. */
    static byte[] body(ServerRequest req, int limit) throws IOException {
        RequestFraming.check(req);
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > limit) {
            throw tooLarge(limit, declared + " bytes");
        }
        try (InputStream in = RequestStream.of(req)) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw tooLarge(limit, "more");
            }
            if (body.length == 0) {
                throw new RegistryException(RegistryException.Code.INVALID_INPUT,
                        "expected a JSON object as the request body but got an empty body");
            }
            return body;
        }
    }

    private static PayloadTooLargeException tooLarge(int limit, String got) {
        return new PayloadTooLargeException("expected a body of at most " + limit + " bytes but got " + got);
    }

    /**
     * Refuses a value the parser of a document took as another type than it was sent: a lenient parser
     * reads {@code "60"} as the number 60 (or 60 as the string "60"), which the API promises not to do.
     * {@code read} is the document as parsed and written back; fields it does not have are not compared.
     */
    static void requireSameTypes(String what, JsonNode sent, JsonNode read) {
        requireSameTypes(what, "", sent, read);
    }

    private static void requireSameTypes(String what, String path, JsonNode sent, JsonNode read) {
        if (sent.isObject() && read.isObject()) {
            sent.fields().forEachRemaining(f -> {
                JsonNode r = read.get(f.getKey());
                // a detector's params are free-form text or numbers, checked by the detector itself
                if (r != null && !f.getKey().equals("params")) {
                    requireSameTypes(what, path.isEmpty() ? f.getKey() : path + "." + f.getKey(), f.getValue(), r);
                }
            });
        } else if (sent.isArray() && read.isArray()) {
            for (int i = 0; i < Math.min(sent.size(), read.size()); i++) {
                requireSameTypes(what, path + "[" + i + "]", sent.get(i), read.get(i));
            }
        } else if (sent.isValueNode() && read.isValueNode() && !sent.isNull() && !read.isNull()
                && sent.getNodeType() != read.getNodeType()) {
            throw RequestBodies.invalid("expected field '" + path + "' of the " + what + " to be "
                    + article(read) + " but got " + describe(sent));
        }
    }

    private static String article(JsonNode node) {
        return switch (node.getNodeType()) {
            case NUMBER -> "a number";
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            default -> "another type";
        };
    }

    /** A JSON value named for an error message: its type and (abbreviated) text. */
    static String describe(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "null";
        }
        String type = switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> "a value";
        };
        return type + " " + Texts.abbreviate(value.toString());
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    static void send(ServerResponse res, int status, JsonNode node) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE);
        res.send(bytes(node));
    }
}
