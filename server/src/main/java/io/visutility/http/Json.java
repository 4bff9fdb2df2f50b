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
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > limit) {
            throw tooLarge(limit, declared + " bytes");
        }
        try (InputStream in = req.content().inputStream()) {
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
