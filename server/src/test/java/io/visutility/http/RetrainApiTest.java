package io.visutility.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retraining through the API: a /bin/sh training program retrains model {@code gate} once (before
 * the tests), its candidate waits for approval; the tests read, approve, roll back and refuse.
 */
class RetrainApiTest {
    @TempDir
    static Path data;
    @TempDir
    static Path scripts;

    static Orchestrator orchestrator;
    static ApiServer server;
    static Api api;
    /** The job that retrained {@code gate}, as the API showed it once it ended. */
    static JsonNode trained;

    @BeforeAll
    static void start() throws IOException {
        orchestrator = Orchestrator.open(OrchestratorConfig.of(data));
        server = ApiServer.start(orchestrator, InetAddress.getLoopbackAddress(), 0);
        api = new Api(server.port());
        for (String model : new String[] {"gate", "idle"}) {
            String sha = api.put("/api/v1/artifacts", model.getBytes(StandardCharsets.UTF_8)).json().get("sha256")
                    .asText();
            ok(api.post("/api/v1/models/" + model + "/versions", "{\"version\":\"1.0.0\",\"artifact_sha256\":\"" + sha
                    + "\",\"metrics\":{\"accuracy\":0.9}}"), 201);
        }
        ok(api.put("/api/v1/models/gate/aliases/production", "{\"version\":\"1.0.0\"}"), 200);

        Path script = scripts.resolve("train.sh");
        Files.writeString(script, """
                echo "training with lr=$VISU_PARAM_LR"
                printf 'weights' > "$VISU_OUTPUT_DIR/model.bin"
                echo '{"accuracy":0.95}' > "$VISU_OUTPUT_DIR/metrics.json"
                """);
        ok(api.put("/api/v1/models/gate/retrain-config", """
                {"trainer": {"command": ["/bin/sh", "%s"]},
                 "space": {"lr": {"type": "float", "low": 0.001, "high": 0.1, "log": true}},
                 "sampler": {"name": "random", "seed": 5},
                 "study": "nightly",
                 "promotion": {"mode": "manual"}}""".formatted(script)), 200);

        Api.Answer requested = ok(api.post("/api/v1/models/gate/retrain", "{\"reason\":\"fresh data\"}"), 202);
        assertThat(requested.json().get("outcome").asText()).isEqualTo("queued");
        String id = requested.json().get("job").get("id").asText();
        await().atMost(15, TimeUnit.SECONDS).until(() -> {
            JsonNode j = api.get("/api/v1/jobs/" + id).json();
            return !j.get("state").asText().equals("queued") && !j.get("state").asText().equals("running");
        });
        await().atMost(10, TimeUnit.SECONDS).until(() -> api.get("/api/v1/models/gate/promotions").json()
                .get("pending").size() == 1);
        trained = api.get("/api/v1/jobs/" + id).json();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        orchestrator.close();
    }

    static Api.Answer ok(Api.Answer a, int status) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        return a;
    }

    @Test
    void aRetrainThroughTheApiRegistersANewVersionThatWaitsForApproval() {
        assertThat(trained.get("state").asText()).as(trained.toString()).isEqualTo("succeeded");
        assertThat(trained.get("reasons").get(0).asText()).isEqualTo("fresh data");
        assertThat(trained.get("trigger").asText()).isEqualTo("manual");
        String version = trained.get("new_version").asText();
        assertThat(version).isEqualTo("1.0.1");
        assertThat(api.get("/api/v1/models/gate/versions/" + version).json().get("metrics").get("accuracy").asDouble())
                .isEqualTo(0.95);

        JsonNode listed = api.get("/api/v1/jobs?model=gate").json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(trained.get("id").asText());
        assertThat(api.get("/api/v1/jobs").json().findValuesAsText("id")).contains(trained.get("id").asText());

        // the first decision about model gate; later tests may approve and roll it back
        JsonNode held = api.get("/api/v1/models/gate/promotions").json().get("decisions").get(0);
        assertThat(held.get("decision").asText()).isEqualTo("held");
        assertThat(held.get("candidate").asText()).isEqualTo(version);
        assertThat(held.get("champion").asText()).isEqualTo("1.0.0");
        assertThat(held.get("job_id").asText()).isEqualTo(trained.get("id").asText());
        assertThat(held.get("metric").asText()).isEqualTo("accuracy");
        assertThat(held.get("candidate_value").asDouble()).isEqualTo(0.95);
        assertThat(held.get("champion_value").asDouble()).isEqualTo(0.9);
    }

    @Test
    void theJobLogIsTheProgramsOutput() {
        Api.Answer log = ok(api.get("/api/v1/jobs/" + trained.get("id").asText() + "/log"), 200);
        assertThat(log.contentType()).startsWith("text/plain");
        assertThat(log.text()).contains("training with lr=");
        Api.Answer first = ok(api.get("/api/v1/jobs/" + trained.get("id").asText() + "/log?attempt=1"), 200);
        assertThat(first.text()).isEqualTo(log.text());
    }

    @Test
    void refusesLogPathTricks() {
        String job = "/api/v1/jobs/" + trained.get("id").asText() + "/log";
        for (String attempt : new String[] {"..%2F..%2Fjournal", "../../x", "abc", "0", "-1", "01", "1.0", ""}) {
            TelemetryApiTest.assertProblem(api.get(job + "?attempt=" + attempt.replace("../", "..%2F")), 400,
                    "invalid_input");
        }
        TelemetryApiTest.assertProblem(api.get(job + "?attempt=2"), 404, "not_found");
        TelemetryApiTest.assertProblem(api.get("/api/v1/jobs/nope/log"), 404, "not_found");
    }

    @Test
    void neverServesALogThatLinksOutsideTheDataDirectory() throws IOException {
        Path log = data.resolve(trained.get("log").asText());
        Path aside = scripts.resolve("train.log.aside");
        Path secret = Files.writeString(scripts.resolve("secret.txt"), "outside");
        Files.move(log, aside);
        try {
            Files.createSymbolicLink(log, secret);
            TelemetryApiTest.assertProblem(api.get("/api/v1/jobs/" + trained.get("id").asText() + "/log"), 404,
                    "not_found");
        } finally {
            Files.deleteIfExists(log);
            Files.move(aside, log);
        }
    }

    @Test
    void theStudyRecordsTheTrial() {
        JsonNode steps = ok(api.get("/api/v1/models/gate/studies/nightly"), 200).json();
        assertThat(steps.size()).isGreaterThanOrEqualTo(2);
        assertThat(steps.get(0).get("study").asText()).isEqualTo("nightly");
        assertThat(steps.get(0).get("sampler").asText()).startsWith("random");
        TelemetryApiTest.assertProblem(api.get("/api/v1/models/gate/studies/weekly"), 404, "not_found");
        TelemetryApiTest.assertProblem(api.get("/api/v1/models/ghost/studies/nightly"), 404, "not_found");
    }

    @Test
    void aHeldCandidateIsApprovedThenRolledBack() {
        String version = trained.get("new_version").asText();
        assertThat(api.get("/api/v1/models/gate/promotions").json().get("pending").findValuesAsText("candidate"))
                .containsExactly(version);
        JsonNode approved = ok(api.post("/api/v1/models/gate/versions/" + version + "/approve",
                "{\"note\":\"looks good\"}"), 200).json();
        assertThat(approved.get("decision").asText()).isEqualTo("approved");
        assertThat(approved.get("reason").asText()).isEqualTo("looks good");
        assertThat(api.get("/api/v1/models/gate/aliases/production").json().get("version").asText()).isEqualTo(version);
        assertThat(api.get("/api/v1/models/gate/promotions").json().get("pending")).isEmpty();

        // approving or rejecting again: it no longer waits
        TelemetryApiTest.assertProblem(api.post("/api/v1/models/gate/versions/" + version + "/approve", "{}"), 409,
                "conflict");
        TelemetryApiTest.assertProblem(api.post("/api/v1/models/gate/versions/" + version + "/reject", "{}"), 409,
                "conflict");

        JsonNode rolledBack = ok(api.post("/api/v1/models/gate/aliases/production/rollback",
                "{\"reason\":\"regression\"}"), 200).json();
        assertThat(rolledBack.get("decision").asText()).isEqualTo("rolled_back");
        assertThat(rolledBack.get("candidate").asText()).isEqualTo("1.0.0");
        assertThat(api.get("/api/v1/models/gate/aliases/production").json().get("version").asText()).isEqualTo("1.0.0");
        TelemetryApiTest.assertProblem(api.post("/api/v1/models/idle/aliases/production/rollback", "{}"), 409,
                "conflict");
    }

    @Test
    void refusesToApproveOrRejectAVersionThatIsNotPending() {
        int decisions = api.get("/api/v1/models/idle/promotions").json().get("decisions").size();
        TelemetryApiTest.assertProblem(api.post("/api/v1/models/idle/versions/1.0.0/approve", "{}"), 409, "conflict");
        TelemetryApiTest.assertProblem(api.post("/api/v1/models/idle/versions/1.0.0/reject",
                "{\"alias\":\"production\",\"note\":\"no\"}"), 409, "conflict");
        TelemetryApiTest.assertProblem(api.post("/api/v1/models/idle/versions/1.0.0/approve", "{\"nope\":1}"), 400,
                "invalid_input");
        TelemetryApiTest.assertProblem(api.post("/api/v1/models/ghost/versions/1.0.0/approve", "{}"), 404,
                "not_found");
        assertThat(api.get("/api/v1/models/idle/promotions").json().get("decisions")).hasSize(decisions);
    }

    @Test
    void refusesToCancelAJobThatEnded() {
        String id = trained.get("id").asText();
        TelemetryApiTest.assertProblem(api.post("/api/v1/jobs/" + id + "/cancel", "{\"reason\":\"too late\"}"), 409,
                "conflict");
        assertThat(api.get("/api/v1/jobs/" + id).json().get("state").asText()).isEqualTo("succeeded");
        TelemetryApiTest.assertProblem(api.post("/api/v1/jobs/nope/cancel", "{}"), 404, "not_found");
        TelemetryApiTest.assertProblem(api.post("/api/v1/jobs/" + id + "/cancel", "{\"reason\":5}"), 400,
                "invalid_input");
        TelemetryApiTest.assertProblem(api.post("/api/v1/jobs/" + id + "/cancel", "{\"why\":\"x\"}"), 400,
                "invalid_input");
        TelemetryApiTest.assertProblem(api.get("/api/v1/jobs/nope"), 404, "not_found");
        TelemetryApiTest.assertProblem(api.get("/api/v1/jobs?model=ghost"), 404, "not_found");
    }

    @Test
    void aQueuedJobOfAnUnconfiguredModelCanBeCancelled() {
        JsonNode queued = ok(api.post("/api/v1/models/idle/retrain", "{}"), 202).json();
        assertThat(queued.get("outcome").asText()).isEqualTo("queued");
        String id = queued.get("job").get("id").asText();
        JsonNode merged = ok(api.post("/api/v1/models/idle/retrain", "{\"reason\":\"again\"}"), 202).json();
        assertThat(merged.get("outcome").asText()).isEqualTo("merged");
        assertThat(merged.get("job").get("id").asText()).isEqualTo(id);
        TelemetryApiTest.assertProblem(api.get("/api/v1/jobs/" + id + "/log"), 404, "not_found");

        JsonNode cancelled = ok(api.post("/api/v1/jobs/" + id + "/cancel", "{\"reason\":\"not needed\"}"), 200).json();
        assertThat(cancelled.get("state").asText()).isEqualTo("cancelled");
        assertThat(cancelled.get("failure").asText()).isEqualTo("not needed");
        TelemetryApiTest.assertProblem(api.post("/api/v1/models/ghost/retrain", "{}"), 404, "not_found");
    }

    @Test
    void aRetrainConfigRoundTripsAndABadOneIsRefusedNamingTheField() {
        TelemetryApiTest.assertProblem(api.get("/api/v1/models/idle/retrain-config"), 404, "not_found");
        JsonNode config = ok(api.get("/api/v1/models/gate/retrain-config"), 200).json();
        assertThat(config.get("study").asText()).isEqualTo("nightly");
        assertThat(config.get("promotion").get("mode").asText()).isEqualTo("manual");
        assertThat(config.get("trainer").get("command").get(0).asText()).isEqualTo("/bin/sh");

        Api.Answer bad = api.put("/api/v1/models/gate/retrain-config",
                "{\"trainer\":{\"command\":[\"/bin/sh\"]},\"promotion\":{\"mode\":\"sometimes\"}}");
        TelemetryApiTest.assertProblem(bad, 400, "invalid_input");
        assertThat(bad.json().get("detail").asText()).contains("sometimes");
        Api.Answer unknown = api.put("/api/v1/models/gate/retrain-config", "{\"trainer\":{\"command\":[\"x\"]},\"nope\":1}");
        TelemetryApiTest.assertProblem(unknown, 400, "invalid_input");
        assertThat(unknown.json().get("detail").asText()).contains("nope");
        for (String body : new String[] {"null", "[]", "{}", "{\"trainer\":{\"command\":[]}}", "{\"trainer\":{}"}) {
            TelemetryApiTest.assertProblem(api.put("/api/v1/models/gate/retrain-config", body), 400, "invalid_input");
        }
        TelemetryApiTest.assertProblem(api.put("/api/v1/models/ghost/retrain-config",
                "{\"trainer\":{\"command\":[\"x\"]}}"), 404, "not_found");
        assertThat(api.get("/api/v1/models/gate/retrain-config").json()).isEqualTo(config);
    }
}
