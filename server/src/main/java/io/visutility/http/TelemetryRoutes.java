package io.visutility.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.visutility.monitor.Rejection;
import io.visutility.monitor.Telemetry;
import io.visutility.monitor.TelemetryBus;
import io.visutility.monitor.TelemetryJson;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code POST /api/v1/telemetry}: a batch of telemetry as a JSON array or as NDJSON. Each item is
 * judged on its own — an item that is not valid telemetry is a rejection in the answer, not a failed
 * request; only a body that is not a batch at all is a 400.
 */
final class TelemetryRoutes {
    /** The largest telemetry batch accepted: larger than other JSON bodies, since batches are the fast path. */
    static final int MAX_BODY = 16 << 20;
    /** Rejections listed in one answer; the counts cover them all. */
    static final int MAX_LISTED = 100;
    static final String NDJSON = "application/x-ndjson";

    /** Codes of items that are not telemetry at all, besides the validator's {@link Rejection.Code}s. */
    private static final String MALFORMED = "malformed", INVALID_TELEMETRY = "invalid_telemetry";

    /** Reads one element of the array at a time (the strict mapper would take the next ',' for trailing junk). */
    private static final ObjectReader ITEMS = Json.MAPPER.reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * {@link TelemetryJson#reader()} with one difference: {@code "at"} in the form senders use is
     * parsed by {@link FastInstant} instead of java.time's formatter, which took over a third of the
     * server's CPU on NDJSON batches. It takes TelemetryJson's configuration (features, naming) as is;
     * only the deserializer of Instant differs, and that falls back to Jackson's for any other form.
     */
    private static final ObjectReader TELEMETRY = telemetryReader();

    private final TelemetryBus bus;

    TelemetryRoutes(TelemetryBus bus) {
        this.bus = bus;
    }

    void register(HttpRouting.Builder routing) {
        routing.post("/api/v1/telemetry", this::publish);
        MethodNotAllowed.register(routing, "/api/v1/telemetry", Method.POST);
    }

    private void publish(ServerRequest req, ServerResponse res) throws IOException {
        byte[] body = Json.body(req, MAX_BODY);
        Batch batch = new Batch();
        if (ndjson(req)) {
            readLines(body, batch);
        } else {
            readArray(body, batch);
        }
        batch.publish();
        Json.send(res, 202, batch.toJson());
    }

    /** NDJSON: every non-blank line is an item, and a line that is not JSON is a rejected item. */
    private static void readLines(byte[] body, Batch batch) {
        int start = 0;
        while (start <= body.length) {
            int from = start, end = indexOf(body, (byte) '\n', start);
            if (!blank(body, from, end)) {
                batch.item(() -> TELEMETRY.readValue(body, from, end - from));
            }
            start = end + 1;
        }
    }

    /** A JSON array: each element is an item; malformed JSON anywhere refuses the whole body. */
    private static void readArray(byte[] body, Batch batch) throws IOException {
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw RequestBodies.invalid("expected a JSON array of telemetry objects (or NDJSON with Content-Type "
                        + NDJSON + ") but got " + describe(p.currentToken()));
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == null) {
                    throw RequestBodies.invalid("expected the telemetry array to end with ']' but the body ended");
                }
                if (t == JsonToken.VALUE_NULL) {
                    batch.item(() -> null);
                } else {
                    JsonNode item = ITEMS.readTree(p);
                    batch.item(() -> TELEMETRY.readValue(item));
                }
            }
            if (p.nextToken() != null) {
                throw RequestBodies.invalid("expected nothing after the telemetry array but got "
                        + describe(p.currentToken()));
            }
        }
    }

    private static ObjectReader telemetryReader() {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("telemetry-instants").addDeserializer(Instant.class, new FastInstant()))
                .build();
        mapper.setConfig(TelemetryJson.reader().getConfig()); // TelemetryJson's features and naming, unchanged
        return mapper.readerFor(Telemetry.class);
    }

    private static boolean ndjson(ServerRequest req) {
        return req.headers().first(HeaderNames.CONTENT_TYPE)
                .map(t -> t.toLowerCase(Locale.ROOT).startsWith(NDJSON)).orElse(false);
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return b.length;
    }

    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String describe(JsonToken t) {
        return t == null ? "nothing" : switch (t) {
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name().toLowerCase(Locale.ROOT) : "'" + t.asString() + "'";
        };
    }

    /** Reads one item; Jackson's exception when it is not telemetry. */
    @FunctionalInterface
    private interface ItemReader {
        Telemetry read() throws IOException;
    }

    private record Item(int index, Telemetry telemetry) {}

    /** The tally of one request. */
    private final class Batch {
        private int index, accepted, rejected, dropped;
        private final List<Item> read = new ArrayList<>();
        // the first rejections of each phase (reading, then validating); the answer lists the first of both by index
        private final List<ObjectNode> unread = new ArrayList<>(), invalid = new ArrayList<>();
        private List<ObjectNode> listed = unread;

        /** Reads the next item; nothing is published until the whole body has been read. */
        void item(ItemReader reader) {
            int i = index++;
            try {
                Telemetry t = reader.read();
                if (t == null) {
                    reject(i, INVALID_TELEMETRY, "expected a telemetry object but got null");
                } else {
                    read.add(new Item(i, t));
                }
            } catch (JsonProcessingException e) {
                reject(i, e instanceof com.fasterxml.jackson.core.JsonParseException ? MALFORMED : INVALID_TELEMETRY,
                        explain(e));
            } catch (IOException e) {
                reject(i, MALFORMED, "cannot read the item: " + e.getMessage());
            }
        }

        /** Validates and publishes every item that was read, in order. */
        void publish() {
            listed = invalid;
            for (Item item : read) {
                // publish() says only that it rejected; check() says why (each counts the rejection once)
                Rejection r = bus.check(item.telemetry());
                if (r != null) {
                    reject(item.index(), r.code().jsonName(), r.message());
                    continue;
                }
                switch (bus.publish(item.telemetry())) {
                    case ACCEPTED -> accepted++;
                    case DROPPED -> {
                        accepted++;
                        dropped++;
                    }
                    case REJECTED -> reject(item.index(), INVALID_TELEMETRY,
                            "the telemetry became invalid while it was published (its model or version was removed)");
                }
            }
        }

        private void reject(int i, String code, String reason) {
            rejected++;
            if (listed.size() < MAX_LISTED) {
                ObjectNode o = Json.MAPPER.createObjectNode();
                o.put("index", i);
                o.put("code", code);
                o.put("reason", reason);
                listed.add(o);
            }
        }

        ObjectNode toJson() {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("accepted", accepted);
            o.put("rejected", rejected);
            o.put("dropped", dropped);
            ArrayNode a = o.putArray("rejections");
            java.util.stream.Stream.concat(unread.stream(), invalid.stream()).sorted(java.util.Comparator.comparingInt(r -> r.get("index").asInt())).limit(MAX_LISTED)
                    .forEach(a::add);
            return o;
        }
    }

    /** What is wrong with one item, in terms of its JSON, never of our classes. */
    private static String explain(JsonProcessingException e) {
        return switch (e) {
            case InvalidTypeIdException t -> "expected \"type\" to be one of " + TYPES + " but got "
                    + (t.getTypeId() == null ? "none" : "'" + Texts.abbreviate(t.getTypeId()) + "'");
            case UnrecognizedPropertyException u -> "unknown field '" + Texts.abbreviate(u.getPropertyName()) + "'";
            case MismatchedInputException m when !m.getPath().isEmpty() -> "field '" + m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")) + "' is missing or has the wrong type";
            case MismatchedInputException m -> "expected a telemetry object";
            case com.fasterxml.jackson.core.JsonParseException p -> "malformed JSON: "
                    + Texts.abbreviate(p.getOriginalMessage());
            default -> e.getCause() != null && e.getCause().getMessage() != null
                    ? Texts.abbreviate(e.getCause().getMessage()) : "not valid telemetry";
        };
    }

    /**
     * An instant written {@code yyyy-MM-ddTHH:mm:ssZ} or {@code yyyy-MM-ddTHH:mm:ss.fZ} with 1–9
     * fraction digits (upper-case T and Z, a real date, hours 00–23, no leap second), read straight
     * from the parser's characters. Everything else — an offset, lower case, 24:00, a leap second,
     * more digits in the year, a number, a bad date — goes to Jackson's {@link InstantDeserializer},
     * so what is accepted, the resulting instants and the error messages are those of
     * {@link TelemetryJson}.
     */
    static final class FastInstant extends StdScalarDeserializer<Instant> implements ContextualDeserializer {
        private static final long serialVersionUID = 1L;
        private final JsonDeserializer<?> fallback;

        FastInstant() {
            this(InstantDeserializer.INSTANT);
        }

        private FastInstant(JsonDeserializer<?> fallback) {
            super(Instant.class);
            this.fallback = fallback;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
                throws JsonMappingException {
            return new FastInstant(((ContextualDeserializer) fallback).createContextual(ctxt, property));
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                Instant t = parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                if (t != null) {
                    return t;
                }
            }
            return (Instant) fallback.deserialize(p, ctxt);
        }

        /** The instant, or null when {@code c[off, off+len)} is not exactly in the fast form. */
        static Instant parse(char[] c, int off, int len) {
            // yyyy-MM-ddTHH:mm:ss is 19 characters, then Z or a fraction of 1–9 digits and Z
            if (len < 20 || len > 30 || len == 21 || c[off + 4] != '-' || c[off + 7] != '-' || c[off + 10] != 'T'
                    || c[off + 13] != ':' || c[off + 16] != ':' || c[off + len - 1] != 'Z') {
                return null;
            }
            int year = digits(c, off, 4), month = digits(c, off + 5, 2), day = digits(c, off + 8, 2);
            int hour = digits(c, off + 11, 2), minute = digits(c, off + 14, 2), second = digits(c, off + 17, 2);
            if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                    || second < 0 || second > 59 || day > Month.of(month).length(Year.isLeap(year))) {
                return null;
            }
            int nanos = 0;
            if (len > 20) {
                if (c[off + 19] != '.') {
                    return null;
                }
                int n = len - 21; // fraction digits, 1–9
                int fraction = digits(c, off + 20, n);
                if (fraction < 0) {
                    return null;
                }
                nanos = fraction;
                for (int i = n; i < 9; i++) {
                    nanos *= 10;
                }
            }
            long days = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
        }

        /** The decimal number of {@code n} ASCII digits (at most 9), or -1 when one is not a digit. */
        private static int digits(char[] c, int from, int n) {
            int v = 0;
            for (int i = from; i < from + n; i++) {
                int d = c[i] - '0';
                if (d < 0 || d > 9) {
                    return -1;
                }
                v = v * 10 + d;
            }
            return v;
        }
    }

    private static final String TYPES = "latency, outcome, accuracy, classification, drift_score, inference_error,"
            + " features, custom";
}
