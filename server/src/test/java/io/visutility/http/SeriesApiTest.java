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
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/models/{name}/series} through a real server. */
class SeriesApiTest {
    private static final long T0 = 1_764_000_000_000L;

    @TempDir
    Path data;
    Orchestrator orchestrator;
    ApiServer server;
    Api api;

    @BeforeEach
    void start() throws IOException {
        orchestrator = Orchestrator.open(OrchestratorConfig.of(data));
    }

    private void serve() {
        server = ApiServer.start(orchestrator, InetAddress.getLoopbackAddress(), 0);
        api = new Api(server.port());
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        orchestrator.close();
    }

    private void register(String model, String version, String params) {
        String sha = api.put("/api/v1/artifacts", (model + version).getBytes(StandardCharsets.UTF_8)).json()
                .get("sha256").asText();
        Api.Answer a = api.post("/api/v1/models/" + model + "/versions", "{\"version\":\"" + version
                + "\",\"artifact_sha256\":\"" + sha + "\",\"params\":" + params + "}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
    }

    private static String at(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }

    @Test
    void postedTelemetryBecomesPerSecondPointsWithDriftAgainstTheRegisteredProfile() {
        serve();
        register("shapes", "1.0.0", "{\"reference_profile\":{\"numeric\":{\"brightness\":[0.2,0.4,0.6]}}}");
        StringBuilder batch = new StringBuilder("[");
        batch.append("{\"type\":\"outcome\",\"model\":\"shapes\",\"version\":\"1.0.0\",\"at\":\"").append(at(T0 + 10))
                .append("\",\"correct\":true},");
        batch.append("{\"type\":\"outcome\",\"model\":\"shapes\",\"version\":\"1.0.0\",\"at\":\"").append(at(T0 + 20))
                .append("\",\"correct\":false},");
        batch.append("{\"type\":\"latency\",\"model\":\"shapes\",\"version\":\"1.0.0\",\"at\":\"").append(at(T0 + 30))
                .append("\",\"millis\":0.5},");
        batch.append("{\"type\":\"features\",\"model\":\"shapes\",\"version\":\"1.0.0\",\"at\":\"").append(at(T0 + 40))
                .append("\",\"numeric\":{\"brightness\":0.6}},");
        batch.append("{\"type\":\"latency\",\"model\":\"shapes\",\"version\":\"1.0.0\",\"at\":\"").append(at(T0 + 1_500))
                .append("\",\"millis\":2.0}]");
        Api.Answer posted = api.post("/api/v1/telemetry", batch.toString());
        assertThat(posted.json().get("accepted").asInt()).as(posted.toString()).isEqualTo(5);

        await().atMost(5, TimeUnit.SECONDS).until(() -> api.get("/api/v1/models/shapes/series").json()
                .get("points").size() == 2);
        JsonNode body = api.get("/api/v1/models/shapes/series").json();
        assertThat(body.get("model").asText()).isEqualTo("shapes");
        assertThat(body.get("step_ms").asLong()).isEqualTo(1_000);
        JsonNode first = body.get("points").get(0);
        assertThat(first.get("t").asLong()).isEqualTo(T0);
        assertThat(first.get("version").asText()).isEqualTo("1.0.0");
        assertThat(first.get("count").asLong()).isEqualTo(4);
        assertThat(first.get("outcomes").asLong()).isEqualTo(2);
        assertThat(first.get("accuracy").asDouble()).isEqualTo(0.5);
        assertThat(first.get("latency_ms").get("count").asLong()).isEqualTo(1);
        assertThat(first.get("latency_ms").get("p95").asDouble()).isEqualTo(0.5);
        assertThat(first.get("errors").asLong()).isEqualTo(0);
        assertThat(first.get("features").get("brightness").asDouble()).isEqualTo(0.6);
        // reference 0.2, 0.4, 0.6: mean 0.4, population std sqrt(0.08/3)
        assertThat(first.get("drift").get("brightness").asDouble())
                .isCloseTo(0.2 / Math.sqrt(0.08 / 3), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(first.get("scores").isObject()).isTrue();
        JsonNode second = body.get("points").get(1);
        assertThat(second.has("accuracy")).isFalse(); // no outcomes in that second: left out, not null
        assertThat(second.get("latency_ms").get("mean").asDouble()).isEqualTo(2.0);

        JsonNode since = api.get("/api/v1/models/shapes/series?since=" + (T0 + 1_000)).json();
        assertThat(since.get("points")).hasSize(1);
        assertThat(since.get("points").get(0).get("t").asLong()).isEqualTo(T0 + 1_000);
    }

    @Test
    void detectionsInTheReturnedRangeComeWithThePoints() {
        serve();
        register("gate", "1.0.0", "{}");
        assertThat(api.put("/api/v1/models/gate/monitor-policy",
                "{\"cooldown_seconds\":0,\"detectors\":[{\"type\":\"performance_floor\",\"min\":0.9}]}").status())
                .isEqualTo(200);
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 60; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"type\":\"accuracy\",\"model\":\"gate\",\"version\":\"1.0.0\",")
                    .append("\"at\":\"").append(at(T0 + i * 100L)).append("\",\"accuracy\":0.2,\"count\":100}");
        }
        batch.append(",{\"type\":\"classification\",\"model\":\"gate\",\"version\":\"1.0.0\",\"at\":\"")
                .append(at(T0 + 2_500)).append("\",\"precision\":0.3,\"recall\":0.5,\"f1\":0.375}");
        api.post("/api/v1/telemetry", batch.append("]").toString());
        await().atMost(10, TimeUnit.SECONDS).until(() -> api.get("/api/v1/models/gate/series").json()
                .get("detections").size() > 0);
        JsonNode body = api.get("/api/v1/models/gate/series").json();
        JsonNode d = body.get("detections").get(0);
        assertThat(d.get("detector").asText()).isEqualTo("performance_floor");
        assertThat(d.get("severity").asText()).isEqualTo("drift");
        assertThat(d.get("reason").asText()).contains("below the floor of 0.900");
        assertThat(d.get("t").asLong()).isEqualTo(T0 + 2_500);
        assertThat(d.get("version").asText()).isEqualTo("1.0.0");
        assertThat(body.get("points").get(0).get("accuracy_samples").get("mean").asDouble())
                .isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(body.get("points").get(0).get("accuracy_samples").get("count").asLong()).isEqualTo(10);
        // nothing after the last point: no detections either
        assertThat(api.get("/api/v1/models/gate/series?since=" + (T0 + 60_000)).json().get("detections")).isEmpty();
    }

    @Test
    void aModelWithoutTelemetryHasNoPoints() {
        serve();
        register("quiet", "1.0.0", "{}");
        JsonNode body = api.get("/api/v1/models/quiet/series").json();
        assertThat(body.get("points")).isEmpty();
        assertThat(body.get("detections")).isEmpty();
    }

    @Test
    void unknownModelsAre404AndBadSinceIs400() {
        serve();
        register("shapes", "1.0.0", "{}");
        Api.Answer unknown = api.get("/api/v1/models/nobody/series");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("not_found");
        for (String bad : new String[] {"yesterday", "-5", "1.5", "2026-03-01T00:00:00Z"}) {
            Api.Answer a = api.get("/api/v1/models/shapes/series?since=" + bad);
            assertThat(a.status()).as(bad).isEqualTo(400);
            assertThat(a.contentType()).isEqualTo("application/problem+json");
            assertThat(a.code()).isEqualTo("invalid_input");
            assertThat(a.json().get("detail").asText()).contains("since");
        }
        assertThat(api.post("/api/v1/models/shapes/series", "{}").status()).isEqualTo(405);
    }

    @Test
    void theSeriesNeedsRoleReadOnceTokensExistWhileTheDashboardFilesArePublic() throws IOException {
        ApiTokens tokens = ApiTokens.in(data, Clock.systemUTC());
        String read = tokens.create(Role.READ, "dashboard").secret();
        String admin = tokens.create(Role.ADMIN, "ops").secret();
        serve();
        String sha = api.send(HttpRequest.newBuilder(api.uri("/api/v1/artifacts")).header("Authorization", "Bearer " + admin)
                .PUT(HttpRequest.BodyPublishers.ofString("x"))).json().get("sha256").asText();
        assertThat(api.send(HttpRequest.newBuilder(api.uri("/api/v1/models/shapes/versions"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"version\":\"1.0.0\",\"artifact_sha256\":\"" + sha + "\"}")))
                .status()).isEqualTo(201);

        Api.Answer anonymous = api.get("/api/v1/models/shapes/series");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.code()).isEqualTo("unauthorized");
        Api.Answer withRead = api.send(HttpRequest.newBuilder(api.uri("/api/v1/models/shapes/series"))
                .header("Authorization", "Bearer " + read).GET());
        assertThat(withRead.status()).isEqualTo(200);

        Api.Answer page = api.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(page.text()).contains("<title>VisuTility Orchestrator</title>");
        assertThat(api.get("/dashboard/dashboard.js").contentType()).isEqualTo("text/javascript; charset=utf-8");
        assertThat(api.get("/dashboard/dashboard.css").contentType()).isEqualTo("text/css; charset=utf-8");
        Api.Answer uplot = api.get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js");
        assertThat(uplot.status()).isEqualTo(200);
        assertThat(uplot.text()).contains("uPlot");
        assertThat(api.get("/webjars/uplot/1.6.30/dist/uPlot.min.css").contentType()).startsWith("text/css");

        // only known files: no other resource, no traversal, and data stays behind tokens
        assertThat(api.get("/dashboard/openapi.json").status()).isEqualTo(404);
        assertThat(api.get("/dashboard/..%2F..%2Fhttp%2Fopenapi.json").status()).isEqualTo(400);
        assertThat(api.get("/webjars/uplot/1.6.30/dist/..%2Fpackage.json").status()).isEqualTo(400);
        assertThat(api.get("/webjars/uplot/1.6.30/dist/package.json").status()).isEqualTo(404);
        assertThat(api.get("/webjars/uplot/1.6.30/dist/nothing.js").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/models").status()).isEqualTo(401);
        // the static paths have only GET; a change to them is still refused by role first
        assertThat(api.send(HttpRequest.newBuilder(api.uri("/")).header("Authorization", "Bearer " + admin)
                .method("DELETE", HttpRequest.BodyPublishers.noBody())).status()).isEqualTo(405);
        assertThat(api.post("/dashboard/dashboard.js", "{}").status()).isEqualTo(401);
    }
}
