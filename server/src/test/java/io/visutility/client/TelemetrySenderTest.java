package io.visutility.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.http.ApiServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Telemetry delivery: against the real server, and against a stub that fails on purpose. */
class TelemetrySenderTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path data;

    static Orchestrator orchestrator;

    @BeforeAll
    static void openAndRegister() throws IOException {
        orchestrator = Orchestrator.open(OrchestratorConfig.of(data).withoutRetraining());
        try (ApiServer server = ApiServer.start(orchestrator, InetAddress.getLoopbackAddress(), 0);
                VisutilityClient client = VisutilityClient.builder(uri(server.port())).build()) {
            Artifact a = client.uploadArtifact(Files.writeString(data.resolve("model.bin"), "detector weights"));
            client.register("detector", Registration.builder("1.0.0", a.sha256()).build());
        }
    }

    @AfterAll
    static void close() throws IOException {
        orchestrator.close();
    }

    @Test
    void eventsOfEveryKindReachTheMonitorAndTheCountsAddUp() {
        long before = orchestrator.telemetry().accepted();
        try (ApiServer server = ApiServer.start(orchestrator, InetAddress.getLoopbackAddress(), 0);
                VisutilityClient client = VisutilityClient.builder(uri(server.port())).telemetryBatchSize(700).build()) {
            TelemetrySender t = client.telemetry();
            for (int i = 0; i < 500; i++) {
                assertThat(t.latency("detector", "1.0.0", 10 + i % 40)).isTrue();
                assertThat(t.outcome("detector", "1.0.0", i % 10 != 0)).isTrue();
                assertThat(t.outcome("detector", "1.0.0", "car", i % 3 == 0 ? "bus" : "car")).isTrue();
                assertThat(t.features("detector", "1.0.0", Map.of("brightness", i / 500.0), Map.of("camera", "c7")))
                        .isTrue();
                assertThat(t.accuracy("detector", null, 0.9, 100)).isTrue();
            }
            t.latency("ghost", "1.0.0", 12);          // unknown model: rejected by the server
            t.latency("detector", "1.0.0", -1);       // negative latency: rejected
            t.send(new TelemetryEvent.DriftScore("detector", "1.0.0", Instant.now(), "psi", 0.1,
                    TelemetryEvent.ScoreKind.DISTANCE));

            assertThat(t.flush(WAIT)).isTrue();
            TelemetryStats s = t.stats();
            assertThat(s.enqueued()).isEqualTo(2_503);
            assertThat(s.sent()).isEqualTo(2_503);
            assertThat(s.accepted()).isEqualTo(2_501);
            assertThat(s.rejected()).isEqualTo(2);
            assertThat(s.dropped()).isZero();
            assertThat(s.failedBatches()).isZero();
            assertThat(s.retries()).isZero();
            assertThat(s.pending()).isZero();
            assertThat(orchestrator.telemetry().accepted() - before).isEqualTo(2_501);
        }
    }

    @Test
    void eventsSentWhileTheServerIsDownArriveOnceItListens() throws IOException {
        int port = freePort();
        long before = orchestrator.telemetry().accepted();
        try (VisutilityClient client = VisutilityClient.builder(uri(port))
                .telemetryLinger(Duration.ofMillis(20))
                .telemetryBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .build()) {
            TelemetrySender t = client.telemetry();
            for (int i = 0; i < 100; i++) {
                assertThat(t.latency("detector", "1.0.0", i)).isTrue();
            }
            await().atMost(WAIT).until(() -> t.stats().retries() >= 3);
            assertThat(t.flush(Duration.ofMillis(50))).isFalse();
            assertThat(t.stats().sent()).isZero();

            try (ApiServer server = ApiServer.start(orchestrator, InetAddress.getLoopbackAddress(), port)) {
                assertThat(server.port()).isEqualTo(port);
                assertThat(t.flush(WAIT)).isTrue();
                TelemetryStats s = t.stats();
                assertThat(s.sent()).isEqualTo(100);
                assertThat(s.accepted()).isEqualTo(100);
                assertThat(s.dropped()).isZero();
                assertThat(orchestrator.telemetry().accepted() - before).isEqualTo(100);
            }
        }
    }

    @Test
    void aBatchAnswered503IsRetriedUntilAcceptedAndNothingIsLostOrDuplicated() throws IOException {
        try (StubTelemetryServer stub = new StubTelemetryServer(3, 503);
                VisutilityClient client = VisutilityClient.builder(stub.uri()).token("vtk_test")
                        .telemetryLinger(Duration.ofMinutes(1))
                        .telemetryBackoff(Duration.ofMillis(10), Duration.ofMillis(40))
                        .build()) {
            TelemetrySender t = client.telemetry();
            for (int i = 0; i < 50; i++) {
                t.latency("detector", "1.0.0", i);
            }
            assertThat(t.flush(WAIT)).isTrue();

            assertThat(stub.requests.get()).isEqualTo(4);
            assertThat(stub.lines).hasSize(50);
            assertThat(stub.lines.get(49)).contains("\"millis\":49.0");
            assertThat(stub.authorizations).containsOnly("Bearer vtk_test");
            TelemetryStats s = t.stats();
            assertThat(s.retries()).isEqualTo(3);
            assertThat(s.sent()).isEqualTo(50);
            assertThat(s.accepted()).isEqualTo(50);
            assertThat(s.failedBatches()).isZero();
        }
    }

    @Test
    void aBatchAnswered429IsRetriedButOneAnswered400IsNot() throws IOException {
        try (StubTelemetryServer tooMany = new StubTelemetryServer(1, 429);
                VisutilityClient client = VisutilityClient.builder(tooMany.uri())
                        .telemetryBackoff(Duration.ofMillis(5), Duration.ofMillis(5)).build()) {
            client.telemetry().latency("detector", "1.0.0", 1);
            assertThat(client.telemetry().flush(WAIT)).isTrue();
            assertThat(client.telemetry().stats().retries()).isEqualTo(1);
            assertThat(tooMany.lines).hasSize(1);
        }
        try (StubTelemetryServer refusing = new StubTelemetryServer(1, 400);
                VisutilityClient client = VisutilityClient.builder(refusing.uri())
                        .telemetryLinger(Duration.ofMinutes(1)).build()) {
            TelemetrySender t = client.telemetry();
            for (int i = 0; i < 10; i++) {
                t.latency("detector", "1.0.0", i);
            }
            assertThat(t.flush(WAIT)).isTrue();
            assertThat(t.stats()).isEqualTo(new TelemetryStats(10, 0, 0, 0, 0, 1, 10, 0, 0));
            assertThat(refusing.requests.get()).isEqualTo(1);

            for (int i = 0; i < 5; i++) {
                t.latency("detector", "1.0.0", i);
            }
            assertThat(t.flush(WAIT)).isTrue();
            assertThat(t.stats()).isEqualTo(new TelemetryStats(15, 0, 5, 5, 0, 1, 10, 0, 0));
            assertThat(refusing.lines).hasSize(5);
        }
    }

    @Test
    void aFullQueueDropsExactlyTheEventsItCannotHoldAndCloseAbandonsTheRest() throws IOException {
        try (StubTelemetryServer down = new StubTelemetryServer(Integer.MAX_VALUE, 503)) {
            VisutilityClient client = VisutilityClient.builder(down.uri())
                    .telemetryQueueCapacity(10)
                    .telemetryBatchSize(5)
                    .telemetryLinger(Duration.ofMillis(5))
                    .telemetryBackoff(Duration.ofMinutes(1), Duration.ofMinutes(1))
                    .telemetryCloseTimeout(Duration.ofMillis(200))
                    .build();
            TelemetrySender t = client.telemetry();
            t.latency("detector", "1.0.0", 0);
            // the sender has taken that one event and waits a minute before its retry
            await().atMost(WAIT).until(() -> t.stats().retries() == 1);

            int taken = 0;
            for (int i = 0; i < 25; i++) {
                taken += t.latency("detector", "1.0.0", i) ? 1 : 0;
            }
            assertThat(taken).isEqualTo(10);
            assertThat(t.stats().dropped()).isEqualTo(15);
            assertThat(t.stats().enqueued()).isEqualTo(11);

            long start = System.nanoTime();
            client.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(t.stats()).isEqualTo(new TelemetryStats(11, 15, 0, 0, 0, 0, 0, 1, 11));
            assertThat(t.latency("detector", "1.0.0", 1)).isFalse();
            assertThat(t.stats().dropped()).isEqualTo(16);
        }
    }

    @Test
    void closeSendsWhatIsQueued() throws IOException {
        try (StubTelemetryServer stub = new StubTelemetryServer(0, 503)) {
            VisutilityClient client = VisutilityClient.builder(stub.uri())
                    .telemetryLinger(Duration.ofMinutes(1)).build();
            TelemetrySender t = client.telemetry();
            for (int i = 0; i < 2_345; i++) {
                t.outcome("detector", "1.0.0", i % 2 == 0);
            }
            client.close();
            assertThat(stub.lines).hasSize(2_345);
            assertThat(t.stats().sent()).isEqualTo(2_345);
            assertThat(t.stats().pending()).isZero();
        }
    }

    @Test
    void aFullBatchIsSentWithoutWaitingForTheLinger() throws IOException {
        try (StubTelemetryServer stub = new StubTelemetryServer(0, 503);
                VisutilityClient client = VisutilityClient.builder(stub.uri())
                        .telemetryBatchSize(100).telemetryLinger(Duration.ofMinutes(10)).build()) {
            TelemetrySender t = client.telemetry();
            for (int i = 0; i < 250; i++) {
                t.latency("detector", "1.0.0", i);
            }
            await().atMost(WAIT).until(() -> t.stats().sent() == 200);
            assertThat(stub.requests.get()).isEqualTo(2);
        }
    }

    @Test
    void theCallThatCompletesAPartlyTakenBatchWakesTheSender() throws IOException {
        try (StubTelemetryServer stub = new StubTelemetryServer(0, 503);
                VisutilityClient client = VisutilityClient.builder(stub.uri())
                        .telemetryBatchSize(100).telemetryLinger(Duration.ofMinutes(10)).build()) {
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            stub.holdFirst = release;
            TelemetrySender t = client.telemetry();
            for (int i = 0; i < 100; i++) {
                t.latency("detector", "1.0.0", i);
            }
            await().atMost(WAIT).until(() -> stub.requests.get() == 1); // the first batch is held by the stub
            for (int i = 0; i < 30; i++) {
                t.latency("detector", "1.0.0", i);
            }
            release.countDown();
            // the sender takes the 30 into its next batch and parks: 70 more complete it
            await().atMost(WAIT).until(() -> t.stats().sent() == 100 && t.queued() == 0);
            for (int i = 0; i < 70; i++) {
                t.latency("detector", "1.0.0", i);
            }
            await().atMost(WAIT).until(() -> t.stats().sent() == 200);
            assertThat(stub.requests.get()).isEqualTo(2);
        }
    }

    @Test
    void eventsFromManyThreadsAreEachSentExactlyOnce() throws Exception {
        try (StubTelemetryServer stub = new StubTelemetryServer(0, 503);
                VisutilityClient client = VisutilityClient.builder(stub.uri()).telemetryBatchSize(500)
                        .telemetryQueueCapacity(200_000).build()) {
            TelemetrySender t = client.telemetry();
            int threads = 4;
            int each = 20_000;
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
                for (int p = 0; p < threads; p++) {
                    String model = "m" + p;
                    pool.submit(() -> {
                        for (int i = 0; i < each; i++) {
                            t.latency(model, "1.0.0", i);
                        }
                    });
                }
            }
            assertThat(t.flush(WAIT)).isTrue();
            assertThat(t.stats()).isEqualTo(new TelemetryStats(threads * each, 0, threads * each, threads * each, 0, 0,
                    0, 0, 0));
            assertThat(stub.lines).hasSize(threads * each).doesNotHaveDuplicates();
            for (int p = 0; p < threads; p++) {
                String prefix = "{\"type\":\"latency\",\"model\":\"m" + p + "\"";
                java.util.List<String> mine = stub.lines.stream().filter(l -> l.startsWith(prefix)).toList();
                assertThat(mine).hasSize(each);
                // one producer's events keep its order
                assertThat(mine.get(each - 1)).contains("\"millis\":" + (double) (each - 1));
                assertThat(mine.get(0)).contains("\"millis\":0.0");
            }
        }
    }

    private static URI uri(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
