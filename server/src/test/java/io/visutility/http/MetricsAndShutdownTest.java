package io.visutility.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /metrics in Prometheus format, and a graceful stop that lets a request in flight finish. */
class MetricsAndShutdownTest {
    @TempDir
    Path data;

    Orchestrator orchestrator;
    ApiServer server;
    Api api;

    @BeforeEach
    void open() throws IOException {
        orchestrator = Orchestrator.open(OrchestratorConfig.of(data).withoutRetraining());
        server = ApiServer.start(orchestrator, InetAddress.getLoopbackAddress(), 0);
        api = new Api(server.port());
    }

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
        orchestrator.close();
    }

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(metrics);
        assertThat(m.find()).as("series %s in%n%s", series, metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void exposesRequestsTelemetryJournalAndJobsInPrometheusFormat() {
        String sha = api.put("/api/v1/artifacts", "weights".getBytes()).json().get("sha256").asText();
        assertThat(api.post("/api/v1/models/det/versions",
                "{\"version\":\"1.0.0\",\"artifact_sha256\":\"" + sha + "\"}").status()).isEqualTo(201);
        api.get("/api/v1/models/det/aliases/production");
        Api.Answer t = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/api/v1/telemetry"))
                .header("Content-Type", "application/x-ndjson").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"latency\",\"model\":\"det\",\"version\":\"1.0.0\",\"at\":\"2026-01-01T00:00:00Z\",\"millis\":3.5}\n"
                        + "{\"type\":\"latency\",\"model\":\"ghost\",\"version\":\"1.0.0\",\"at\":\"2026-01-01T00:00:00Z\",\"millis\":1}")));
        assertThat(t.status()).as(t.toString()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Api.Answer m = api.get("/metrics");
            assertThat(m.status()).isEqualTo(200);
            assertThat(m.contentType()).startsWith("text/plain");
            String text = m.text();
            assertThat(value(text, "http_server_requests_seconds_count{method=\"POST\",route=\"/api/v1/models/{name}/versions\",status=\"201\"}"))
                    .isEqualTo(1);
            assertThat(value(text, "http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/models/{name}/aliases/{alias}\",status=\"404\"}"))
                    .isEqualTo(1);
            assertThat(value(text, "visutility_journal_commit_seconds_count")).isGreaterThanOrEqualTo(1);
            assertThat(value(text, "visutility_journal_batch_events_sum")).isGreaterThanOrEqualTo(1);
            assertThat(value(text, "visutility_journal_events_total{type=\"model_version_registered\"}")).isEqualTo(1);
            assertThat(value(text, "visutility_versions")).isEqualTo(1);
            assertThat(value(text, "visutility_jobs{state=\"queued\"}")).isZero();
            assertThat(value(text, "visutility_telemetry_rejected_events_total{reason=\"unknown_model\"}"))
                    .isEqualTo(1);
            assertThat(text).contains("visutility_telemetry_accepted_events_total 1.0")
                    .contains("jvm_memory_used_bytes").contains("visutility_events_subscribers");
            // raw paths never become labels (unbounded cardinality)
            assertThat(text).doesNotContain("route=\"/api/v1/models/det");
        });
    }

    @Test
    void aStopLetsARequestInFlightFinishAndAnswersNewOnes503() throws Exception {
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), server.port())) {
            java.io.OutputStream out = socket.getOutputStream();
            // an upload whose body arrives in two halves: the request is in flight when the stop begins
            out.write(("PUT /api/v1/artifacts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: 2000\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(new byte[1000]);
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/metrics").text()
                    .contains("visutility_http_requests_in_flight 2.0")); // the upload and this scrape

            ApiServer stopping = server;
            server = null;
            CompletableFuture<Void> stop = CompletableFuture.runAsync(stopping::close);
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/health").status() == 503);
            Api.Answer refused = api.get("/api/v1/models");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.code()).isEqualTo("unavailable");
            assertThat(stop).isNotDone();

            out.write(new byte[1000]);
            out.flush();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 201 Created");
            stop.get(20, TimeUnit.SECONDS);
        }
        String zeros = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(new byte[2000]));
        assertThat(orchestrator.registry().artifacts().find(zeros)).isPresent();
    }
}
