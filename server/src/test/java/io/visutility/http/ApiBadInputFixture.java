package io.visutility.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.monitor.Rejection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A server over a small registry for the bad-input tests: model {@code m} with versions 1.0.0
 * (holding {@code production}) and 1.1.0, a queued retrain job (the model has no retrain
 * configuration, so it never runs), and everything a request could change, captured as a
 * {@link State} to compare before and after.
 */
final class ApiBadInputFixture implements AutoCloseable {
    final Orchestrator orchestrator;
    final ApiServer server;
    final ApiBadInputRaw raw;
    final String sha;
    final String job;

    ApiBadInputFixture(Path data) throws IOException {
        orchestrator = Orchestrator.open(OrchestratorConfig.of(data));
        server = ApiServer.start(orchestrator, InetAddress.getLoopbackAddress(), 0);
        raw = new ApiBadInputRaw(server.port());
        sha = ok(raw.send("PUT", "/api/v1/artifacts", "application/octet-stream",
                "weights".getBytes(StandardCharsets.UTF_8)), 201).json().get("sha256").asText();
        for (String v : List.of("1.0.0", "1.1.0")) {
            ok(post("/api/v1/models/m/versions", "{\"version\":\"" + v + "\",\"artifact_sha256\":\"" + sha + "\"}"), 201);
        }
        ok(raw.send("PUT", "/api/v1/models/m/aliases/production", "application/json",
                "{\"version\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8)), 200);
        JsonNode outcome = ok(post("/api/v1/models/m/retrain", "{\"reason\":\"fixture\"}"), 202).json();
        assertThat(outcome.get("outcome").asText()).isEqualTo("queued");
        job = outcome.get("job").get("id").asText();
    }

    private ApiBadInputRaw.Reply post(String path, String json) {
        return raw.send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    static ApiBadInputRaw.Reply ok(ApiBadInputRaw.Reply r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        return r;
    }

    /** Everything a request could have changed. */
    record State(long committedPosition, long commandsCommitted, Map<String, String> views, List<String> files,
            long telemetryAccepted, Map<Rejection.Code, Long> telemetryRejected) {}

    State state() {
        Map<String, String> views = new LinkedHashMap<>();
        for (String path : List.of("/api/v1/models", "/api/v1/models/m/versions", "/api/v1/models/m/aliases/production",
                "/api/v1/models/m/monitor-policy", "/api/v1/models/m/retrain-config", "/api/v1/jobs",
                "/api/v1/models/m/promotions", "/api/v1/models/m/detections")) {
            ApiBadInputRaw.Reply r = raw.send("GET", path);
            views.put(path, r.status() + " " + r.text());
        }
        var store = orchestrator.registry().store();
        return new State(store.committedPosition(), store.commandsCommitted(), views, files(),
                orchestrator.telemetry().accepted(), Map.copyOf(orchestrator.telemetry().rejected()));
    }

    /** Every file under the data directory except the journal's (compared by position instead). */
    List<String> files() {
        Path data = orchestrator.dataDir();
        Path artifacts = data.resolve("artifacts");
        try (Stream<Path> s = Files.walk(artifacts)) {
            return s.filter(Files::isRegularFile).map(p -> data.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path artifactTmp() {
        return orchestrator.dataDir().resolve("artifacts").resolve("tmp");
    }

    @Override
    public void close() throws IOException {
        server.close();
        orchestrator.close();
    }
}
