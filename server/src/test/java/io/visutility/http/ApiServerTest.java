package io.visutility.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API end to end: a real server on an ephemeral port over a fresh data directory. */
class ApiServerTest {
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
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        orchestrator.close();
    }

    private static String upload(String content) {
        Api.Answer a = api.put("/api/v1/artifacts", content.getBytes(StandardCharsets.UTF_8));
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().get("sha256").asText();
    }

    private static String registration(String version, String sha) {
        return "{\"version\":\"" + version + "\",\"artifact_sha256\":\"" + sha + "\"}";
    }

    private static void assertProblem(Api.Answer a, int status, String code) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        assertThat(a.contentType()).isEqualTo("application/problem+json");
        JsonNode p = a.json();
        assertThat(p.get("code").asText()).isEqualTo(code);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).isNotBlank();
        assertThat(p.get("type").asText()).startsWith("https://");
    }

    @Test
    void failsToStartOnAPortThatIsTaken() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> ApiServer.start(orchestrator, InetAddress.getLoopbackAddress(), taken.getLocalPort()))
                    .isInstanceOf(java.io.UncheckedIOException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
        assertThat(api.get("/health").status()).isEqualTo(200);
    }

    @Test
    void healthSaysUp() {
        Api.Answer a = api.get("/health");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("status").asText()).isEqualTo("up");
    }

    @Test
    void servesAnOpenApiDocumentDescribingEveryEndpoint() {
        Api.Answer a = api.get("/api/v1/openapi.json");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/json");
        JsonNode doc = a.json();
        assertThat(doc.get("openapi").asText()).startsWith("3.1");
        List<String> paths = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).containsExactlyInAnyOrder("/health", "/api/v1/openapi.json", "/metrics", "/api/v1/events",
                "/api/v1/webhooks", "/api/v1/webhooks/{id}", "/api/v1/artifacts",
                "/api/v1/artifacts/{sha256}", "/api/v1/models", "/api/v1/models/{name}",
                "/api/v1/models/{name}/versions", "/api/v1/models/{name}/versions/{version}",
                "/api/v1/models/{name}/versions/{version}/deprecate", "/api/v1/models/{name}/aliases/{alias}",
                "/api/v1/telemetry", "/api/v1/models/{name}/monitor-policy", "/api/v1/models/{name}/detections",
                "/api/v1/models/{name}/retrain-config", "/api/v1/models/{name}/retrain", "/api/v1/jobs",
                "/api/v1/jobs/{id}", "/api/v1/jobs/{id}/log", "/api/v1/jobs/{id}/cancel",
                "/api/v1/models/{name}/promotions", "/api/v1/models/{name}/versions/{version}/approve",
                "/api/v1/models/{name}/versions/{version}/reject", "/api/v1/models/{name}/aliases/{alias}/rollback",
                "/api/v1/models/{name}/studies/{study}", "/api/v1/models/{name}/series", "/", "/dashboard/{file}",
                "/webjars/uplot/1.6.30/dist/{file}");
    }

    @Test
    void storesAnArtifactAndStreamsItBack() throws NoSuchAlgorithmException {
        byte[] bytes = new byte[300_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));

        Api.Answer put = api.put("/api/v1/artifacts", bytes);
        assertThat(put.status()).isEqualTo(201);
        assertThat(put.json().get("sha256").asText()).isEqualTo(expected);
        assertThat(put.json().get("size").asLong()).isEqualTo(bytes.length);

        Api.Answer get = api.get("/api/v1/artifacts/" + expected);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.contentType()).isEqualTo("application/octet-stream");
        assertThat(get.body()).isEqualTo(bytes);
    }

    @Test
    void answersAnAbsentArtifactWith404Problem() {
        assertProblem(api.get("/api/v1/artifacts/" + "0".repeat(64)), 404, "not_found");
    }

    @Test
    void refusesDigestsThatAreNotSha256OrTryToLeaveTheStore() {
        for (String digest : List.of("..%2F..%2Fjournal", "..%2Fx", "abc", "A".repeat(64), "g".repeat(64),
                "0".repeat(64) + "%2F..", "..%2F" + "0".repeat(62), "%2E%2E%2Flock",
                "..%5C..%5Cjournal", "%2e%2e")) {
            assertProblem(api.get("/api/v1/artifacts/" + digest), 400, "invalid_input");
        }
    }

    @Test
    void refusesRelativeSegmentsAnywhereInThePath() {
        assertProblem(api.get("/api/v1/artifacts/../../journal"), 400, "invalid_input");
        assertProblem(api.get("/api/v1/models/../versions"), 400, "invalid_input");
        assertProblem(api.get("/api/v1/models/./versions"), 400, "invalid_input");
    }

    @Test
    void registersAVersionAndReadsItBackEveryWay() {
        String sha = upload("detector weights 1");
        Api.Answer created = api.post("/api/v1/models/detector/versions", """
                {"version":"1.0.0","artifact_sha256":"%s","metrics":{"f1":0.91,"map":{"small":0.5}},
                 "tags":{"project":"traffic"},"params":{"lr":0.01,"optimizer":"adam"},
                 "lineage":{"parent_version":null,"training_job_id":"job-1","reason":"first"}}""".formatted(sha));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode v = created.json();
        assertThat(v.get("model").asText()).isEqualTo("detector");
        assertThat(v.get("version").asText()).isEqualTo("1.0.0");
        assertThat(v.get("sha256").asText()).isEqualTo(sha);
        assertThat(v.get("metrics").get("f1").asDouble()).isEqualTo(0.91);
        assertThat(v.get("tags").get("project").asText()).isEqualTo("traffic");
        assertThat(v.get("params").get("optimizer").asText()).isEqualTo("adam");
        assertThat(v.get("lineage").get("training_job_id").asText()).isEqualTo("job-1");

        assertThat(api.get("/api/v1/models/detector/versions/1.0.0").json()).isEqualTo(v);
        Api.Answer versions = api.get("/api/v1/models/detector/versions");
        assertThat(versions.status()).isEqualTo(200);
        assertThat(versions.json()).hasSize(1);
        assertThat(versions.json().get(0)).isEqualTo(v);

        Api.Answer model = api.get("/api/v1/models/detector");
        assertThat(model.status()).isEqualTo(200);
        assertThat(model.json().get("name").asText()).isEqualTo("detector");
        assertThat(model.json().get("versions").asInt()).isEqualTo(1);
        assertThat(model.json().get("latest_version").asText()).isEqualTo("1.0.0");

        List<String> names = new ArrayList<>();
        api.get("/api/v1/models").json().forEach(m -> names.add(m.get("name").asText()));
        assertThat(names).contains("detector");
    }

    @Test
    void reRegistrationAnswers200AndChangesNothing() {
        String sha = upload("retry me");
        Api.Answer first = api.post("/api/v1/models/retry/versions", registration("2.0.0", sha));
        assertThat(first.status()).isEqualTo(201);
        long position = orchestrator.registry().store().committedPosition();

        Api.Answer again = api.post("/api/v1/models/retry/versions", registration("2.0.0", sha));

        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(orchestrator.registry().store().committedPosition()).isEqualTo(position);
        assertThat(api.get("/api/v1/models/retry/versions").json()).hasSize(1);
    }

    @Test
    void refusesAnotherArtifactUnderAnExistingVersionWith409() {
        String one = upload("conflict one");
        String two = upload("conflict two");
        assertThat(api.post("/api/v1/models/conflicted/versions", registration("1.0.0", one)).status()).isEqualTo(201);

        assertProblem(api.post("/api/v1/models/conflicted/versions", registration("1.0.0", two)), 409,
                "checksum_conflict");
        assertThat(api.get("/api/v1/models/conflicted/versions/1.0.0").json().get("sha256").asText()).isEqualTo(one);
    }

    @Test
    void movesAnAliasAndDeprecationTakesItAway() {
        String sha = upload("aliased");
        api.post("/api/v1/models/gate/versions", registration("1.0.0", sha));
        api.post("/api/v1/models/gate/versions", registration("1.1.0", sha));

        Api.Answer promoted = api.put("/api/v1/models/gate/aliases/production", "{\"version\":\"1.1.0\"}");
        assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
        assertThat(promoted.json().get("aliases").get(0).asText()).isEqualTo("production");
        assertThat(api.get("/api/v1/models/gate/aliases/production").json().get("version").asText()).isEqualTo("1.1.0");
        assertThat(api.get("/api/v1/models/gate").json().get("aliases").get("production").asText()).isEqualTo("1.1.0");

        Api.Answer deprecated = api.post("/api/v1/models/gate/versions/1.1.0/deprecate", "{\"reason\":\"drifted\"}");
        assertThat(deprecated.status()).as(deprecated.toString()).isEqualTo(200);
        assertThat(deprecated.json().get("deprecated").asBoolean()).isTrue();
        assertThat(deprecated.json().get("deprecation_reason").asText()).isEqualTo("drifted");
        assertThat(deprecated.json().get("aliases")).isEmpty();
        assertProblem(api.get("/api/v1/models/gate/aliases/production"), 404, "not_found");
        assertProblem(api.put("/api/v1/models/gate/aliases/production", "{\"version\":\"1.1.0\"}"), 409, "deprecated");

        Api.Answer withoutReason = api.post("/api/v1/models/gate/versions/1.0.0/deprecate", "{}");
        assertThat(withoutReason.status()).as(withoutReason.toString()).isEqualTo(200);
        assertThat(withoutReason.json().get("deprecated").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/models/gate").json().get("latest_version").isNull()).isTrue();
    }

    @Test
    void answersUnknownModelsVersionsAndEndpointsWith404Problems() {
        assertProblem(api.get("/api/v1/models/nobody"), 404, "not_found");
        assertProblem(api.get("/api/v1/models/nobody/versions"), 404, "not_found");
        assertProblem(api.get("/api/v1/models/nobody/versions/1.0.0"), 404, "not_found");
        assertProblem(api.get("/api/v1/models/nobody/aliases/production"), 404, "not_found");
        assertProblem(api.put("/api/v1/models/nobody/aliases/production", "{\"version\":\"1.0.0\"}"), 404, "not_found");
        assertProblem(api.post("/api/v1/models/nobody/versions/1.0.0/deprecate", "{}"), 404, "not_found");
        assertProblem(api.get("/api/v1/nothing-here"), 404, "not_found");
    }

    @Test
    void refusesBadRegistrationsWith400AndChangesNothing() {
        String sha = upload("bad input");
        long position = orchestrator.registry().store().committedPosition();
        String path = "/api/v1/models/strict/versions";

        assertProblem(api.post(path, "{\"version\":\"1.0.0\","), 400, "invalid_input"); // malformed
        assertProblem(api.post(path, "not json"), 400, "invalid_input");
        assertProblem(api.post(path, ""), 400, "invalid_input");
        assertProblem(api.post(path, "null"), 400, "invalid_input");
        assertProblem(api.post(path, "[]"), 400, "invalid_input");
        assertProblem(api.post(path, registration("1.0.0", sha) + " {}"), 400, "invalid_input"); // trailing
        assertProblem(api.post(path, "{\"version\":100,\"artifact_sha256\":\"" + sha + "\"}"), 400, "invalid_input");
        assertProblem(api.post(path, "{\"version\":\"1.0.0\",\"artifact_sha256\":\"" + sha + "\",\"tags\":[1]}"), 400,
                "invalid_input");
        assertProblem(api.post(path, "{\"version\":\"1.0.0\",\"artifact_sha256\":\"" + sha + "\",\"tags\":{\"a\":1}}"),
                400, "invalid_input");
        Api.Answer unknown = api.post(path, "{\"version\":\"1.0.0\",\"artifact_sha256\":\"" + sha + "\",\"colour\":1}");
        assertProblem(unknown, 400, "invalid_input");
        assertThat(unknown.json().get("detail").asText()).contains("colour").doesNotContain("io.visutility");
        assertProblem(api.post(path, "{\"version\":\"1.0.0\",\"artifact_sha256\":\"" + sha + "\",\"metrics\":{\"f1\":NaN}}"),
                400, "invalid_input");
        assertProblem(api.post(path, "{\"version\":\"1.0.0\",\"artifact_sha256\":\"" + sha
                + "\",\"metrics\":{\"f1\":\"NaN\"}}"), 400, "invalid_input");
        assertProblem(api.post(path, "{\"version\":\"1.0.0\",\"artifact_sha256\":\"" + sha
                + "\",\"metrics\":{\"f1\":1e999}}"), 400, "invalid_input");
        assertProblem(api.post(path, "{\"version\":\"1.0.0\",\"version\":\"1.0.1\",\"artifact_sha256\":\"" + sha + "\"}"),
                400, "invalid_input");
        assertProblem(api.post(path, "{\"artifact_sha256\":\"" + sha + "\"}"), 400, "invalid_input");
        assertProblem(api.post(path, registration("1.2", sha)), 400, "invalid_input");
        assertProblem(api.post(path, registration("1.0.0", "../../etc/passwd")), 400, "invalid_input");
        assertProblem(api.post("/api/v1/models/-bad/versions", registration("1.0.0", sha)), 400, "invalid_input");
        assertProblem(api.post("/api/v1/models/..%2F..%2Fjournal/versions", registration("1.0.0", sha)), 400,
                "invalid_input");
        assertProblem(api.get("/api/v1/models/..%2F..%2Fjournal/versions/1.0.0"), 400, "invalid_input");
        assertProblem(api.post(path, registration("1.0.0", "1".repeat(64))), 404, "not_found"); // not uploaded

        assertThat(orchestrator.registry().store().committedPosition()).isEqualTo(position);
        assertProblem(api.get("/api/v1/models/strict"), 404, "not_found");
    }

    @Test
    void answersRequestsTheWebServerRefusesItselfWithProblems() throws IOException {
        // a header section larger than the server reads: refused before routing
        Api.Answer a = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/health"))
                .header("X-Padding", "x".repeat(64 * 1024)).GET());
        assertThat(a.status()).isBetween(400, 499);
        assertThat(a.contentType()).isEqualTo("application/problem+json");
        assertThat(a.code()).isIn("invalid_input", "http_error", "payload_too_large");
    }

    @Test
    void refusesAJsonBodyOverOneMebibyteWith413() {
        String huge = "{\"reason\":\"" + "x".repeat(2 << 20) + "\"}";
        assertProblem(api.post("/api/v1/models/nobody/versions/1.0.0/deprecate", huge), 413, "payload_too_large");
        // the connection stays usable for the next request
        assertThat(api.get("/health").status()).isEqualTo(200);
    }

    @Test
    void concurrentRegistrationsAllLand() throws Exception {
        String sha = upload("concurrent");
        int threads = 8;
        int each = 10;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    go.await();
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        statuses.add(api.post("/api/v1/models/busy/versions",
                                registration(thread + "." + i + ".0", sha)).status());
                    }
                    return statuses;
                }));
            }
            go.countDown();
            for (Future<List<Integer>> r : results) {
                assertThat(r.get()).containsOnly(201);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(api.get("/api/v1/models/busy/versions").json()).hasSize(threads * each);
        assertThat(api.get("/api/v1/models/busy").json().get("versions").asInt()).isEqualTo(threads * each);
    }
}
