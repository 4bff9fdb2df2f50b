package io.visutility.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.visutility.registry.RegistryException;
import java.util.stream.Collectors;

/**
 * The one place where errors become HTTP responses: RFC 9457 {@code application/problem+json} with a
 * stable {@code code}. Bad input is always a 4xx; anything unexpected is a 500 whose detail says
 * nothing about the internals (the cause is logged).
 */
final class Problems {
    private static final System.Logger LOG = System.getLogger(Problems.class.getName());
    static final String MEDIA_TYPE = "application/problem+json";

    /** One problem document. */
    record Problem(int status, String code, String title, String detail) {
        ObjectNode toJson() {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("type", "https://visutility.io/problems/" + code.replace('_', '-'));
            o.put("title", title);
            o.put("status", status);
            o.put("detail", detail);
            o.put("code", code);
            return o;
        }
    }

    private Problems() {}

    static Problem of(Throwable e) {
        return switch (e) {
            case RegistryException re -> switch (re.code()) {
                case INVALID_INPUT -> new Problem(400, re.code().id(), "Invalid input", re.getMessage());
                case NOT_FOUND -> new Problem(404, re.code().id(), "Not found", re.getMessage());
                case CHECKSUM_CONFLICT -> new Problem(409, re.code().id(), "Checksum conflict", re.getMessage());
                case DEPRECATED -> new Problem(409, re.code().id(), "Version deprecated", re.getMessage());
                case CONFLICT -> new Problem(409, re.code().id(), "Conflict", re.getMessage());
            };
            case PayloadTooLargeException tl -> new Problem(413, "payload_too_large", "Payload too large", tl.getMessage());
            case MethodNotAllowedException m -> new Problem(405, "method_not_allowed", "Method not allowed", m.getMessage());
            // the client's broken body (or the client went away): not a failure of the server, so not logged as one
            case MalformedBodyException mb -> new Problem(400, "invalid_input", "Invalid input", mb.getMessage());
            case JsonProcessingException jp -> new Problem(400, "invalid_input", "Invalid input", describe(jp));
            // Helidon's own refusals while a handler reads the request (a broken chunked body…)
            case HttpException he when he.status().code() < 500 -> webServer(he.status(), he.getMessage());
            default -> {
                LOG.log(System.Logger.Level.ERROR, "request failed unexpectedly", e);
                yield new Problem(500, "internal_error", "Internal server error",
                        "the server failed to handle the request; the cause is in its log");
            }
        };
    }

    /** A message about the JSON the client sent, never about our classes. */
    static String describe(JsonProcessingException e) {
        return describe(e, e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
    }

    /**
     * The same without the line and column, for a document that was parsed again after the client's
     * bytes were (a monitor policy), where they would point at the wrong place.
     */
    static String describeWithoutLocation(JsonProcessingException e) {
        return describe(e, "");
    }

    private static String describe(JsonProcessingException e, String where) {
        return switch (e) {
            case InvalidTypeIdException t -> "field '" + (t.getPath().isEmpty() ? "" : path(t) + ".") + "type' is "
                    + (t.getTypeId() == null ? "missing" : "'" + Texts.abbreviate(t.getTypeId()) + "'") + where
                    + "; expected one of " + knownTypeIds(t);
            case UnrecognizedPropertyException u -> "unknown field '" + (u.getPath().size() > 1 ? path(u)
                    : Texts.abbreviate(u.getPropertyName())) + "'" + where + "; expected one of "
                    + u.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
            case MismatchedInputException m when m.getPath().isEmpty() ->
                    "expected a JSON object as the request body" + where;
            case MismatchedInputException m -> "field '" + path(m) + "' has the wrong type" + where + "; expected "
                    + expected(m.getTargetType());
            case JsonParseException p -> "malformed JSON" + where + ": " + p.getOriginalMessage();
            default -> e.getCause() instanceof JsonParseException p ? describe(p, where) : "invalid JSON" + where;
        };
    }

    private static final java.util.regex.Pattern KNOWN_TYPE_IDS =
            java.util.regex.Pattern.compile("known type ids = \\[([^\\]]*)\\]");

    /** Jackson names the accepted type ids only in its message. */
    private static String knownTypeIds(InvalidTypeIdException e) {
        java.util.regex.Matcher m = KNOWN_TYPE_IDS.matcher(String.valueOf(e.getOriginalMessage()));
        return m.find() ? m.group(1) : "the documented types";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord() || type.isInterface()) {
            return "an object";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return "another type";
    }

    /**
     * Requests the web server refuses before any route sees them (a malformed request line or header,
     * a header section too large), as problems too. Their detail is Helidon's own message for a 4xx,
     * which describes the request, and nothing for a 5xx.
     */
    static DirectHandler.TransportResponse direct(DirectHandler.TransportRequest req, DirectHandler.EventType type,
            Status status, ServerResponseHeaders headers, String message) {
        Problem p = webServer(status, message);
        return DirectHandler.TransportResponse.builder().status(status).headers(headers)
                .header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE).keepAlive(type.keepAlive())
                .entity(Json.bytes(p.toJson())).build();
    }

    private static Problem webServer(Status status, String message) {
        int code = status.code();
        if (code >= 500) {
            LOG.log(System.Logger.Level.ERROR, "the web server failed a request: " + message);
            return new Problem(code, "internal_error", "Internal server error",
                    "the server failed to handle the request; the cause is in its log");
        }
        return new Problem(code, code == 413 ? "payload_too_large" : code == 400 ? "invalid_input" : "http_error",
                status.reasonPhrase(), message == null || message.isBlank() ? status.reasonPhrase()
                        : Texts.abbreviate(message));
    }

    /** Writes {@code e} as a problem, unless the response has already started (then the connection is cut). */
    static void handle(ServerRequest req, ServerResponse res, Exception e) {
        if (res.isSent()) {
            LOG.log(System.Logger.Level.WARNING, "request " + req.prologue().method().text() + " "
                    + req.path().path() + " failed after its response started: " + e);
            return;
        }
        if (e instanceof MethodNotAllowedException m) {
            res.header(HeaderNames.ALLOW, m.allow());
        }
        send(res, of(e));
    }

    static void send(ServerResponse res, Problem p) {
        res.status(p.status());
        res.header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE);
        res.send(Json.bytes(p.toJson()));
    }
}
