package io.visutility.http;

import static io.visutility.http.ApiBadInputCase.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile request bodies for every endpoint that takes one: malformed, truncated, empty, the wrong
 * shape, unknown or duplicate fields, non-finite numbers, deep nesting, over the size limit (declared
 * and chunked), and uploads cut off half-way. Each is refused with its exact 4xx problem and changes
 * nothing.
 */
class ApiBadInputTest {
    @TempDir
    static Path data;

    static ApiBadInputFixture f;

    @BeforeAll
    static void start() throws IOException {
        f = new ApiBadInputFixture(data);
    }

    @AfterAll
    static void stop() throws IOException {
        f.close();
    }

    /** An endpoint with a JSON object body: a valid-looking body and which of its fields are required. */
    record Endpoint(String method, String path, String valid, List<String> required) {
        String label() {
            return method + " " + path;
        }
    }

    static List<Endpoint> endpoints() {
        String register = "{\"version\":\"2.0.0\",\"artifact_sha256\":\"" + f.sha + "\",\"metrics\":{\"f1\":0.5},"
                + "\"tags\":{\"team\":\"vision\"},\"params\":{\"lr\":0.1},\"lineage\":{\"reason\":\"r\"}}";
        return List.of(
                new Endpoint("POST", "/api/v1/models/m/versions", register, List.of("version", "artifact_sha256")),
                new Endpoint("PUT", "/api/v1/models/m/aliases/production", "{\"version\":\"1.1.0\"}", List.of("version")),
                new Endpoint("POST", "/api/v1/models/m/versions/1.1.0/deprecate", "{\"reason\":\"old\"}", List.of()),
                new Endpoint("PUT", "/api/v1/models/m/monitor-policy",
                        "{\"cooldown_seconds\":0,\"detectors\":[{\"type\":\"performance_floor\",\"min\":0.6}]}", List.of()),
                new Endpoint("PUT", "/api/v1/models/m/retrain-config",
                        "{\"trainer\":{\"command\":[\"/bin/true\"]},\"promotion\":{\"metric\":\"accuracy\",\"mode\":\"manual\"}}",
                        List.of("trainer")),
                new Endpoint("POST", "/api/v1/models/m/retrain", "{\"reason\":\"r\"}", List.of()),
                new Endpoint("POST", "/api/v1/jobs/" + f.job + "/cancel", "{\"reason\":\"r\"}", List.of()),
                new Endpoint("POST", "/api/v1/models/m/versions/1.1.0/approve", "{\"alias\":\"production\",\"note\":\"n\"}",
                        List.of()),
                new Endpoint("POST", "/api/v1/models/m/versions/1.1.0/reject", "{\"alias\":\"production\",\"note\":\"n\"}",
                        List.of()),
                new Endpoint("POST", "/api/v1/models/m/aliases/production/rollback", "{\"reason\":\"r\"}", List.of()));
    }

    private static final String DEEP_ARRAYS = "[".repeat(100_000);

    /** The same hostile bodies for every JSON endpoint. */
    static List<ApiBadInputCase> generic(Endpoint e) {
        List<ApiBadInputCase> c = new ArrayList<>();
        String m = e.method(), p = e.path(), v = e.valid();
        c.add(json("malformed JSON", m, p, "{\"reason\" \"r\"}", 400, "invalid_input"));
        c.add(json("not JSON at all", m, p, "reason=r", 400, "invalid_input"));
        c.add(json("truncated JSON", m, p, v.substring(0, v.length() - 1), 400, "invalid_input"));
        c.add(json("truncated after a key", m, p, v.substring(0, v.indexOf(':') + 1), 400, "invalid_input"));
        c.add(json("empty body", m, p, "", 400, "invalid_input"));
        c.add(json("no body", m, p, null, 400, "invalid_input"));
        c.add(json("whitespace only", m, p, " \r\n\t ", 400, "invalid_input"));
        c.add(json("array for object", m, p, "[" + v + "]", 400, "invalid_input"));
        c.add(json("string for object", m, p, "\"" + v.replace("\"", "\\\"") + "\"", 400, "invalid_input"));
        c.add(json("number for object", m, p, "42", 400, "invalid_input"));
        c.add(json("true for object", m, p, "true", 400, "invalid_input"));
        c.add(json("null for object", m, p, "null", 400, "invalid_input"));
        c.add(json("unknown field", m, p, v.substring(0, v.length() - 1) + ",\"surplus\":1}", 400, "invalid_input"));
        c.add(json("unknown nested-looking field", m, p, v.substring(0, v.length() - 1) + ",\"reason.x\":\"r\"}",
                400, "invalid_input"));
        String firstField = v.substring(1, v.indexOf(','  ) > 0 && v.indexOf(',') < v.indexOf('}') ? v.indexOf(',') : v.length() - 1);
        c.add(json("duplicate key", m, p, "{" + firstField + "," + firstField + "}", 400, "invalid_input"));
        c.add(json("trailing second document", m, p, v + " {}", 400, "invalid_input"));
        c.add(json("trailing junk", m, p, v + "x", 400, "invalid_input"));
        c.add(json("single quotes", m, p, v.replace('"', '\''), 400, "invalid_input"));
        c.add(json("comment", m, p, "/* hi */" + v, 400, "invalid_input"));
        c.add(json("100k nested arrays", m, p, DEEP_ARRAYS, 400, "invalid_input"));
        c.add(json("100k nested objects", m, p, "{\"a\":".repeat(100_000), 400, "invalid_input"));
        c.add(json("deep nesting inside a field", m, p, "{\"reason\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}",
                400, "invalid_input"));
        c.add(ApiBadInputCase.bytes("invalid UTF-8", m, p, "application/json",
                new byte[] {'{', '"', 'r', 'e', 'a', 's', 'o', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                ApiBadInputRaw.Framing.CONTENT_LENGTH, 400, "invalid_input"));
        for (String number : List.of("NaN", "Infinity", "-Infinity", "1e400", "-1e400")) {
            c.add(json(number + " in the first field", m, p, withFirstValue(v, number), 400, "invalid_input"));
        }
        for (Map.Entry<String, JsonNode> field : fields(v)) {
            for (String wrong : wrongValues(field.getValue())) {
                c.add(json("wrong type for '" + field.getKey() + "': " + wrong, m, p, with(v, field.getKey(), wrong),
                        400, "invalid_input"));
            }
        }
        for (String field : e.required()) {
            c.add(json("null for required '" + field + "'", m, p, with(v, field, "null"), 400, "invalid_input"));
            c.add(json("missing required '" + field + "'", m, p, without(v, field), 400, "invalid_input"));
        }
        c.add(ApiBadInputCase.bytes("1 MiB + 1 declared", m, p, "application/json", oversized(Json.MAX_BODY + 1),
                ApiBadInputRaw.Framing.CONTENT_LENGTH, 413, "payload_too_large"));
        c.add(ApiBadInputCase.bytes("1 MiB + 1 chunked", m, p, "application/json", oversized(Json.MAX_BODY + 1),
                ApiBadInputRaw.Framing.CHUNKED, 413, "payload_too_large"));
        c.add(ApiBadInputCase.bytes("exactly 1 MiB with an unknown field is read (400, not 413)", m, p,
                "application/json", oversized(Json.MAX_BODY), ApiBadInputRaw.Framing.CONTENT_LENGTH, 400,
                "invalid_input"));
        c.add(ApiBadInputCase.bytes("wrong content type and malformed", m, p, "text/plain",
                "{".getBytes(StandardCharsets.UTF_8), ApiBadInputRaw.Framing.CONTENT_LENGTH, 400, "invalid_input"));
        byte[] valid = v.getBytes(StandardCharsets.UTF_8);
        c.add(ApiBadInputCase.bytes("Content-Length that is not a number", m, p, "application/json", valid,
                ApiBadInputRaw.Framing.NONE, 400, "invalid_input").withHeaders(Map.of("Content-Length", "ten")));
        c.add(json("two Content-Lengths, one not a number", m, p, v, 400, "invalid_input")
                .withHeaders(Map.of("Content-Length", "ten")));
        c.add(json("two different Content-Lengths", m, p, v, 400, "invalid_input")
                .withHeaders(Map.of("Content-Length", Integer.toString(valid.length - 1))));
        c.add(ApiBadInputCase.bytes("Content-Length and chunked", m, p, "application/json", valid,
                ApiBadInputRaw.Framing.CHUNKED, 400, "invalid_input")
                .withHeaders(Map.of("Content-Length", Integer.toString(valid.length))));
        return c;
    }

    /** Specific traps of one endpoint's fields (non-finite metrics, bad versions, digests…). */
    static List<ApiBadInputCase> specific() {
        String reg = "/api/v1/models/m/versions";
        String sha = f.sha;
        String base = "\"version\":\"2.0.0\",\"artifact_sha256\":\"" + sha + "\"";
        List<ApiBadInputCase> c = new ArrayList<>();
        for (String metric : List.of("NaN", "1e400", "\"0.5\"", "\"NaN\"", "null", "true", "[0.5]",
                "{\"a\":1e400}", "{\"a\":\"x\"}")) {
            c.add(json("metric " + metric, "POST", reg, "{" + base + ",\"metrics\":{\"f1\":" + metric + "}}", 400,
                    "invalid_input"));
        }
        c.add(json("param 1e400", "POST", reg, "{" + base + ",\"params\":{\"lr\":1e400}}", 400, "invalid_input"));
        c.add(json("param nested 1e400", "POST", reg, "{" + base + ",\"params\":{\"lr\":[1,{\"x\":-1e400}]}}", 400,
                "invalid_input"));
        c.add(json("tag value number", "POST", reg, "{" + base + ",\"tags\":{\"t\":1}}", 400, "invalid_input"));
        c.add(json("tag key with a control character", "POST", reg, "{" + base + ",\"tags\":{\"a\\u0001\":\"x\"}}",
                400, "invalid_input"));
        c.add(json("tag key empty", "POST", reg, "{" + base + ",\"tags\":{\"\":\"x\"}}", 400, "invalid_input"));
        c.add(json("metric name 300 chars", "POST", reg, "{" + base + ",\"metrics\":{\"" + "f".repeat(300) + "\":1}}",
                400, "invalid_input"));
        c.add(json("lineage unknown field", "POST", reg, "{" + base + ",\"lineage\":{\"parent\":\"1.0.0\"}}", 400,
                "invalid_input"));
        c.add(json("lineage bad parent version", "POST", reg, "{" + base + ",\"lineage\":{\"parent_version\":\"1\"}}",
                400, "invalid_input"));
        for (String version : List.of("01.0.0", "1.0", "1.0.0.0", "v1.0.0", "", " 1.0.0", "1.0.0\u0000", "１.0.0",
                "1.0.0-01", "1.0.0+")) {
            c.add(json("version '" + version.replace("\u0000", "\\0") + "'", "POST", reg, "{\"version\":\""
                    + version.replace("\u0000", "\\u0000") + "\",\"artifact_sha256\":\"" + sha + "\"}", 400,
                    "invalid_input"));
        }
        for (String digest : List.of(sha.toUpperCase(java.util.Locale.ROOT), sha.substring(0, 63), sha + "0",
                "../../journal", "sha256:" + sha, "")) {
            c.add(json("artifact_sha256 '" + Texts.abbreviate(digest) + "'", "POST", reg,
                    "{\"version\":\"2.0.0\",\"artifact_sha256\":\"" + digest + "\"}", 400, "invalid_input"));
        }
        c.add(json("artifact not stored", "POST", reg, "{\"version\":\"2.0.0\",\"artifact_sha256\":\"" + "0".repeat(64)
                + "\"}", 404, "not_found"));
        c.add(json("same version, other artifact", "POST", reg, "{\"version\":\"1.0.0\",\"artifact_sha256\":\""
                + "0".repeat(64) + "\"}", 404, "not_found"));
        String alias = "/api/v1/models/m/aliases/production";
        for (String version : List.of("01.0.0", "9.9.9", "")) {
            c.add(json("alias to version '" + version + "'", "PUT", alias, "{\"version\":\"" + version + "\"}",
                    version.equals("9.9.9") ? 404 : 400, version.equals("9.9.9") ? "not_found" : "invalid_input"));
        }
        String policy = "/api/v1/models/m/monitor-policy";
        for (String body : List.of("{\"cooldown_seconds\":1e400}", "{\"cooldown_seconds\":-1}",
                "{\"cooldown_seconds\":\"0\"}", "{\"detectors\":[{\"type\":\"nope\"}]}",
                "{\"detectors\":[{\"type\":\"performance_floor\",\"min\":NaN}]}",
                "{\"detectors\":[{\"type\":\"performance_floor\",\"min\":1e400}]}",
                "{\"detectors\":[{\"type\":\"performance_floor\",\"min\":0.6,\"surplus\":1}]}",
                "{\"detectors\":{\"type\":\"performance_floor\"}}", "{\"detectors\":[null]}")) {
            c.add(json("policy " + body, "PUT", policy, body, 400, "invalid_input"));
        }
        String config = "/api/v1/models/m/retrain-config";
        for (String body : List.of("{\"trainer\":{\"command\":[]}}", "{\"trainer\":{\"command\":\"true\"}}",
                "{\"trainer\":{\"command\":[1]}}", "{\"trainer\":{\"command\":[\"true\"],\"surplus\":1}}",
                "{\"trainer\":{\"command\":[\"true\"]},\"promotion\":{\"mode\":\"sometimes\"}}",
                "{\"trainer\":{\"command\":[\"true\"]},\"space\":{\"lr\":{\"type\":\"float\",\"low\":1e400,\"high\":1}}}",
                "{\"trainer\":{\"command\":[\"true\"]},\"space\":{\"lr\":{\"type\":\"float\",\"low\":1,\"high\":0}}}")) {
            c.add(json("config " + body, "PUT", config, body, 400, "invalid_input"));
        }
        c.add(json("approve with a bad alias", "POST", "/api/v1/models/m/versions/1.1.0/approve",
                "{\"alias\":\"../production\"}", 400, "invalid_input"));
        c.add(json("reason 10k chars", "POST", "/api/v1/models/m/versions/1.1.0/deprecate",
                "{\"reason\":\"" + "r".repeat(10_000) + "\"}", 400, "invalid_input"));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> everyJsonEndpointRefusesHostileBodies() {
        return endpoints().stream().flatMap(e -> generic(e).stream()).map(c -> c.test(f));
    }

    @TestFactory
    Stream<DynamicTest> fieldsAreCheckedBeforeAnythingIsWritten() {
        return specific().stream().map(c -> c.test(f));
    }

    /** A refusal names the field and says what was expected and what came. */
    @TestFactory
    Stream<DynamicTest> messagesNameTheFieldAndWhatWasExpected() {
        String reg = "{\"version\":\"2.0.0\",\"artifact_sha256\":\"" + f.sha + "\",\"metrics\":{\"f1\":{\"a\":\"x\"}}}";
        return Stream.of(
                Map.entry(json("metric object of text", "POST", "/api/v1/models/m/versions", reg, 400, "invalid_input"),
                        List.of("metric 'f1.a'", "a number", "a string \"x\"")),
                Map.entry(json("policy type", "PUT", "/api/v1/models/m/monitor-policy",
                        "{\"detectors\":[{\"type\":\"nope\"}]}", 400, "invalid_input"),
                        List.of("detectors[0].type", "'nope'", "performance_floor")),
                Map.entry(json("policy number as text", "PUT", "/api/v1/models/m/monitor-policy",
                        "{\"cooldown_seconds\":\"0\",\"detectors\":[{\"type\":\"performance_floor\",\"min\":0.6}]}",
                        400, "invalid_input"), List.of("cooldown_seconds", "a number", "a string \"0\"")),
                Map.entry(json("policy list as object", "PUT", "/api/v1/models/m/monitor-policy",
                        "{\"detectors\":{}}", 400, "invalid_input"), List.of("detectors", "an array")),
                Map.entry(json("policy as array", "PUT", "/api/v1/models/m/monitor-policy", "[]", 400, "invalid_input"),
                        List.of("monitor policy object", "an array")),
                Map.entry(ApiBadInputCase.bare("right-to-left override in a name", "GET", "/api/v1/models/m/studies/x%E2%80%AE", 404,
                        "not_found"), List.of("x\\u202e")),
                Map.entry(ApiBadInputCase.bare("method", "DELETE", "/api/v1/models/m", 405, "method_not_allowed"),
                        List.of("DELETE", "GET")))
                .map(e -> DynamicTest.dynamicTest(e.getKey().method() + " " + e.getKey().target() + ": "
                        + e.getKey().name(), () -> assertThat(e.getKey().run(f).json().get("detail").asText())
                                .contains(e.getValue())));
    }

    @TestFactory
    Stream<DynamicTest> telemetryRefusesBodiesThatAreNotBatches() {
        String p = "/api/v1/telemetry";
        String item = "{\"type\":\"latency\",\"model\":\"m\",\"version\":\"1.0.0\",\"at\":\"2026-03-01T08:20:00Z\","
                + "\"millis\":41.5}";
        List<ApiBadInputCase> c = new ArrayList<>(List.of(
                json("object for array", "POST", p, item, 400, "invalid_input"),
                json("string for array", "POST", p, "\"x\"", 400, "invalid_input"),
                json("number for array", "POST", p, "1e400", 400, "invalid_input"),
                json("null for array", "POST", p, "null", 400, "invalid_input"),
                json("empty body", "POST", p, "", 400, "invalid_input"),
                json("no body", "POST", p, null, 400, "invalid_input"),
                json("malformed item", "POST", p, "[" + item + ",{\"type\":}]", 400, "invalid_input"),
                json("truncated array", "POST", p, "[" + item + "," + item, 400, "invalid_input"),
                json("truncated item", "POST", p, "[" + item.substring(0, 20), 400, "invalid_input"),
                json("NaN item", "POST", p, "[" + item + ",NaN]", 400, "invalid_input"),
                json("NaN field", "POST", p, "[" + item.replace("41.5", "NaN") + "]", 400, "invalid_input"),
                json("duplicate key in an item", "POST", p, "[" + item.replace("{", "{\"millis\":1,") + "]", 400,
                        "invalid_input"),
                json("trailing second array", "POST", p, "[" + item + "] []", 400, "invalid_input"),
                json("100k nested arrays", "POST", p, DEEP_ARRAYS, 400, "invalid_input"),
                json("100k nested arrays inside the batch", "POST", p, "[" + item + "," + DEEP_ARRAYS, 400,
                        "invalid_input")));
        byte[] huge = (" ".repeat(TelemetryRoutes.MAX_BODY - 1) + "[]").getBytes(StandardCharsets.UTF_8);
        for (ApiBadInputRaw.Framing framing : List.of(ApiBadInputRaw.Framing.CONTENT_LENGTH,
                ApiBadInputRaw.Framing.CHUNKED)) {
            c.add(ApiBadInputCase.bytes("16 MiB + 1 " + framing, "POST", p, "application/json", huge, framing, 413,
                    "payload_too_large"));
            c.add(ApiBadInputCase.bytes("16 MiB + 1 NDJSON " + framing, "POST", p, TelemetryRoutes.NDJSON, huge,
                    framing, 413, "payload_too_large"));
        }
        return c.stream().map(x -> x.test(f));
    }

    /** A body of exactly {@code size} bytes: a JSON object whose only (unknown) field pads it out. */
    private static byte[] oversized(int size) {
        String head = "{\"padding\":\"", tail = "\"}";
        return (head + "x".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
    }

    private static List<Map.Entry<String, JsonNode>> fields(String json) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        tree(json).fields().forEachRemaining(out::add);
        return out;
    }

    private static ObjectNode tree(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Values of another JSON type than {@code v}'s (for a number also the non-finite ones). */
    private static List<String> wrongValues(JsonNode v) {
        return switch (v.getNodeType()) {
            case STRING -> List.of("1", "1e400", "true", "[]", "{}", "[\"" + v.asText() + "\"]");
            case NUMBER -> List.of("\"" + v.asText() + "\"", "true", "[]", "{}", "NaN", "Infinity", "1e400");
            case OBJECT -> List.of("\"x\"", "1", "true", "[]");
            case ARRAY -> List.of("\"x\"", "1", "true", "{}");
            default -> List.of("[]");
        };
    }

    /** {@code json} with {@code field}'s value replaced by the raw JSON text {@code value}. */
    private static String with(String json, String field, String value) {
        ObjectNode o = tree(json);
        o.put(field, "\u0000PLACEHOLDER\u0000");
        return o.toString().replace("\"\\u0000PLACEHOLDER\\u0000\"", value);
    }

    private static String withFirstValue(String json, String value) {
        return with(json, tree(json).fieldNames().next(), value);
    }

    private static String without(String json, String field) {
        ObjectNode o = tree(json);
        o.remove(field);
        return o.toString();
    }

    /** Captures what the server logs at WARNING or above while a test runs. */
    static final class Captured extends Handler implements AutoCloseable {
        final List<LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Logger root = Logger.getLogger("");

        Captured() {
            root.addHandler(this);
        }

        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                records.add(r);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            root.removeHandler(this);
        }
    }

    @Test
    void aClientThatDisconnectsMidUploadLeavesNoTempFileAndNoServerError() throws Exception {
        List<String> before = f.files();
        try (Captured log = new Captured()) {
            for (ApiBadInputRaw.Framing framing : List.of(ApiBadInputRaw.Framing.CONTENT_LENGTH,
                    ApiBadInputRaw.Framing.CHUNKED)) {
                f.raw.abandon("PUT", "/api/v1/artifacts", 10_000_000, 300_000, framing);
            }
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
                try (Stream<Path> tmp = Files.list(f.artifactTmp())) {
                    assertThat(tmp.toList()).isEmpty();
                }
            });
            // the server is still answering, and an upload after the broken ones works
            ApiBadInputFixture.ok(f.raw.send("GET", "/health"), 200);
            assertThat(log.records).as(() -> log.records.stream()
                    .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()
                            + (r.getThrown() == null ? "" : " " + r.getThrown()))
                    .toList().toString()).isEmpty();
        }
        assertThat(f.files()).isEqualTo(before);
    }

    @TestFactory
    Stream<DynamicTest> aBodyWithAMalformedChunkIsRefusedWithoutAServerErrorAndStoresNothing() {
        return Stream.of("PUT /api/v1/artifacts", "POST /api/v1/models/m/retrain", "POST /api/v1/telemetry")
                .map(request -> DynamicTest.dynamicTest(request, () -> {
                    ApiBadInputFixture.State before = f.state();
                    try (Captured log = new Captured()) {
                        ApiBadInputRaw.Reply r = f.raw.exchange((request + " HTTP/1.1\r\nHost: x\r\n"
                                + "Connection: close\r\nContent-Type: application/json\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n[{}]\r\n0\r\n\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1));
                        ApiBadInputCase.assertProblem(r, 400, "invalid_input", request);
                        assertThat(r.json().get("detail").asText()).contains("chunked");
                        assertThat(log.records).isEmpty();
                    }
                    assertThat(f.state()).isEqualTo(before);
                    try (Stream<Path> tmp = Files.list(f.artifactTmp())) {
                        assertThat(tmp.toList()).isEmpty();
                    }
                }));
    }

    @Test
    void aDigestThatIsNotStoredIs404() {
        ApiBadInputCase.assertProblem(f.raw.send("GET", "/api/v1/artifacts/" + "0".repeat(64)), 404, "not_found");
    }
}
