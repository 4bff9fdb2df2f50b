package io.visutility.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Telemetry batches, monitor policies and detections through the API. */
class TelemetryApiTest {
    @TempDir
    static Path data;

    static Orchestrator orchestrator;
    static ApiServer server;
    static Api api;

    @BeforeAll
    static void start() throws IOException {
        orchestrator = Orchestrator.open(OrchestratorConfig.of(data).withoutRetraining());
        server = ApiServer.start(orchestrator, InetAddress.getLoopbackAddress(), 0);
        api = new Api(server.port());
        for (String model : new String[] {"vision", "policed", "watched", "tuned"}) {
            String sha = api.put("/api/v1/artifacts", model.getBytes(StandardCharsets.UTF_8)).json().get("sha256").asText();
            Api.Answer a = api.post("/api/v1/models/" + model + "/versions",
                    "{\"version\":\"1.0.0\",\"artifact_sha256\":\"" + sha + "\"}");
            assertThat(a.status()).as(a.toString()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        orchestrator.close();
    }

    static Api.Answer postNdjson(String body) {
        return api.send(HttpRequest.newBuilder(api.uri("/api/v1/telemetry"))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static void assertProblem(Api.Answer a, int status, String code) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        assertThat(a.contentType()).isEqualTo("application/problem+json");
        assertThat(a.code()).isEqualTo(code);
        assertThat(a.json().get("detail").asText()).isNotBlank();
    }

    private static String latency(String model, double millis) {
        return "{\"type\":\"latency\",\"model\":\"" + model + "\",\"version\":\"1.0.0\",\"at\":\"2026-03-01T08:20:00Z\","
                + "\"millis\":" + millis + "}";
    }

    private static void assertRejection(JsonNode r, int index, String code) {
        assertThat(r.get("index").asInt()).isEqualTo(index);
        assertThat(r.get("code").asText()).isEqualTo(code);
        assertThat(r.get("reason").asText()).isNotBlank().doesNotContain("io.visutility");
    }

    @Test
    void acceptsAnNdjsonBatchAndRejectsItsBadLinesOneByOne() {
        long before = orchestrator.telemetry().accepted();
        String body = String.join("\n", latency("vision", 41.5), latency("vision", -1), "",
                latency("ghost", 3), "{\"type\":\"latency\",", "{\"type\":\"nope\",\"model\":\"vision\"}",
                latency("vision", 7)) + "\n";
        Api.Answer a = postNdjson(body);
        assertThat(a.status()).as(a.toString()).isEqualTo(202);
        JsonNode j = a.json();
        assertThat(j.get("accepted").asInt()).isEqualTo(2);
        assertThat(j.get("rejected").asInt()).isEqualTo(4);
        JsonNode r = j.get("rejections");
        assertThat(r).hasSize(4);
        assertRejection(r.get(0), 1, "negative_latency");
        assertRejection(r.get(1), 2, "unknown_model");
        assertRejection(r.get(2), 3, "malformed");
        assertRejection(r.get(3), 4, "invalid_telemetry");
        assertThat(r.get(3).get("reason").asText()).contains("'nope'");
        assertThat(orchestrator.telemetry().accepted() - before).isEqualTo(2);

        // lines that are JSON but not telemetry objects
        JsonNode odd = postNdjson("[1]\nnull\n\"text\"\n" + latency("vision", 1).replace("41.5", "1") + "\n").json();
        assertThat(odd.get("accepted").asInt()).isEqualTo(1);
        assertThat(odd.get("rejections").findValuesAsText("code")).containsExactly("invalid_telemetry",
                "invalid_telemetry", "invalid_telemetry");
    }

    @Test
    void acceptsAJsonArrayAndRejectsItsBadItemsOneByOne() {
        String body = "[" + latency("vision", 1) + ",{\"type\":\"latency\",\"version\":\"1.0.0\",\"at\":"
                + "\"2026-03-01T08:20:00Z\",\"millis\":2},null," + latency("vision", 2).replace("}", ",\"extra\":1}")
                + "," + latency("vision", 3) + "]";
        Api.Answer a = api.post("/api/v1/telemetry", body);
        assertThat(a.status()).as(a.toString()).isEqualTo(202);
        JsonNode j = a.json();
        assertThat(j.get("accepted").asInt()).isEqualTo(2);
        assertThat(j.get("rejected").asInt()).isEqualTo(3);
        assertRejection(j.get("rejections").get(0), 1, "missing_field");
        assertRejection(j.get("rejections").get(1), 2, "invalid_telemetry");
        assertRejection(j.get("rejections").get(2), 3, "invalid_telemetry");
        assertThat(j.get("rejections").get(2).get("reason").asText()).isEqualTo("unknown field 'extra'");
    }

    @Test
    void listsTheFirstHundredRejectionsButCountsThemAll() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            body.append(latency("ghost", 1)).append('\n');
        }
        JsonNode j = postNdjson(body.toString()).json();
        assertThat(j.get("rejected").asInt()).isEqualTo(150);
        assertThat(j.get("rejections")).hasSize(100);
        assertThat(j.get("rejections").get(99).get("index").asInt()).isEqualTo(99);
    }

    @Test
    void refusesABodyThatIsNotABatchWith400() {
        long before = orchestrator.telemetry().accepted();
        assertProblem(api.post("/api/v1/telemetry", latency("vision", 1)), 400, "invalid_input");
        assertProblem(api.post("/api/v1/telemetry", "[" + latency("vision", 1) + ",{\"type\":"), 400, "invalid_input");
        assertProblem(api.post("/api/v1/telemetry", "[" + latency("vision", 1) + "] []"), 400, "invalid_input");
        assertProblem(api.post("/api/v1/telemetry", ""), 400, "invalid_input");
        assertThat(orchestrator.telemetry().accepted()).isEqualTo(before);
    }

    @Test
    void refusesABatchOverSixteenMebibytesWith413() {
        String line = latency("vision", 1) + "\n";
        String body = line.repeat((16 << 20) / line.length() + 1);
        long before = orchestrator.telemetry().accepted();
        assertProblem(postNdjson(body), 413, "payload_too_large");
        assertThat(orchestrator.telemetry().accepted()).isEqualTo(before);
        assertThat(api.get("/health").status()).isEqualTo(200);
    }

    @Test
    void aMonitorPolicyRoundTrips() {
        Api.Answer initial = api.get("/api/v1/models/policed/monitor-policy");
        assertThat(initial.status()).as(initial.toString()).isEqualTo(200);
        assertThat(initial.json().get("default").asBoolean()).isTrue();

        String policy = "{\"cooldown_seconds\":30,\"detectors\":[{\"type\":\"performance_floor\",\"min\":0.6}]}";
        Api.Answer put = api.put("/api/v1/models/policed/monitor-policy", policy);
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        Api.Answer got = api.get("/api/v1/models/policed/monitor-policy");
        assertThat(got.json().get("default").asBoolean()).isFalse();
        assertThat(got.json().get("model").asText()).isEqualTo("policed");
        assertThat(got.json().get("policy")).isEqualTo(put.json().get("policy"));
        assertThat(got.json().get("policy").get("cooldown_seconds").asLong()).isEqualTo(30);
        assertThat(got.json().get("policy").get("detectors").get(0).get("type").asText()).isEqualTo("performance_floor");
    }

    @Test
    void aPolicyAsTheMonitoringGuideWritesItWithNumericDetectorParamsIsAccepted() {
        String policy = "{\"cooldown_seconds\":60,\"detectors\":[{\"type\":\"change\",\"detector\":\"adwin\","
                + "\"stream\":\"latency\",\"params\":{\"delta\":0.002}}]}";
        Api.Answer put = api.put("/api/v1/models/tuned/monitor-policy", policy);
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("policy").get("detectors").get(0).get("params").get("delta").asDouble())
                .isEqualTo(0.002);
        // a bad value is still refused, by the detector
        Api.Answer bad = api.put("/api/v1/models/tuned/monitor-policy", policy.replace("0.002", "\"lots\""));
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
    }

    @Test
    void refusesABadMonitorPolicyWith400AndKeepsTheOldOne() {
        Api.Answer before = api.get("/api/v1/models/vision/monitor-policy");
        Api.Answer bad = api.put("/api/v1/models/vision/monitor-policy",
                "{\"cooldown_seconds\":-5,\"detectors\":[]}");
        assertProblem(bad, 400, "invalid_input");
        assertThat(bad.json().get("detail").asText()).startsWith("invalid monitor policy");
        assertProblem(api.put("/api/v1/models/vision/monitor-policy", "{\"detectors\":[{\"type\":\"nope\"}]}"),
                400, "invalid_input");
        assertProblem(api.put("/api/v1/models/vision/monitor-policy", "{\"cooldown_seconds\":NaN}"), 400,
                "invalid_input");
        for (String body : new String[] {"[]", "null", "\"policy\"", "{\"cooldown_seconds\":\"5\",\"detectors\":[]}"}) {
            assertProblem(api.put("/api/v1/models/vision/monitor-policy", body), 400, "invalid_input");
        }
        assertThat(api.get("/api/v1/models/vision/monitor-policy").json()).isEqualTo(before.json());
        assertProblem(api.get("/api/v1/models/ghost/monitor-policy"), 404, "not_found");
        assertProblem(api.put("/api/v1/models/ghost/monitor-policy", "{\"cooldown_seconds\":0,\"detectors\":[]}"),
                404, "not_found");
    }

    @Test
    void detectionsAppearAfterTelemetryThatTriggersADetector() {
        Api.Answer put = api.put("/api/v1/models/watched/monitor-policy",
                "{\"cooldown_seconds\":0,\"detectors\":[{\"type\":\"performance_floor\",\"min\":0.6}]}");
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(api.get("/api/v1/models/watched/detections").json()).isEmpty();

        String bad = "{\"type\":\"classification\",\"model\":\"watched\",\"version\":\"1.0.0\","
                + "\"at\":\"2026-03-01T08:26:40Z\",\"precision\":0.41,\"recall\":0.52,\"f1\":0.46}";
        assertThat(postNdjson(bad + "\n").json().get("accepted").asInt()).isEqualTo(1);

        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> api.get("/api/v1/models/watched/detections").json().size() == 1);
        JsonNode d = api.get("/api/v1/models/watched/detections").json().get(0);
        assertThat(d.get("model").asText()).isEqualTo("watched");
        assertThat(d.get("version").asText()).isEqualTo("1.0.0");
        assertThat(d.get("severity").asText()).isEqualTo("drift");
        assertThat(d.get("detected_at").asText()).isEqualTo("2026-03-01T08:26:40Z");
        assertThat(d.get("position").asLong()).isPositive();

        assertThat(api.get("/api/v1/models/watched/detections?since=2026-03-01T08:26:40Z").json()).hasSize(1);
        assertThat(api.get("/api/v1/models/watched/detections?since=2026-03-01T08:26:41Z").json()).isEmpty();
        assertProblem(api.get("/api/v1/models/watched/detections?since=yesterday"), 400, "invalid_input");
        assertProblem(api.get("/api/v1/models/ghost/detections"), 404, "not_found");
    }
}
