package io.visutility.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.registry.NewVersion;
import io.visutility.webhooks.Signature;
import io.visutility.webhooks.Webhooks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks end to end against a real receiver: signed, in order, retried while the receiver fails,
 * resumed from the durable cursor after a restart, secrets never shown again.
 */
class WebhookTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Webhooks.Options FAST = new Webhooks.Options(Duration.ofMillis(20), Duration.ofMillis(200),
            Duration.ofSeconds(5));

    @TempDir
    Path data;

    Orchestrator orchestrator;
    ApiServer server;
    Api api;
    HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger failNext = new AtomicInteger();
    final AtomicInteger attempts = new AtomicInteger();

    record Received(Map<String, String> headers, byte[] body) {
        long id() {
            return Long.parseLong(headers.get(Signature.ID_HEADER));
        }

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    @BeforeEach
    void open() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            attempts.incrementAndGet();
            int status = 204;
            if (failNext.get() > 0) {
                failNext.decrementAndGet();
                status = 503;
            } else {
                received.add(new Received(Map.of(
                        Signature.ID_HEADER, exchange.getRequestHeaders().getFirst(Signature.ID_HEADER),
                        Signature.TYPE_HEADER, exchange.getRequestHeaders().getFirst(Signature.TYPE_HEADER),
                        Signature.TIMESTAMP_HEADER, exchange.getRequestHeaders().getFirst(Signature.TIMESTAMP_HEADER),
                        Signature.SIGNATURE_HEADER, exchange.getRequestHeaders().getFirst(Signature.SIGNATURE_HEADER)),
                        body));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        orchestrator = Orchestrator.open(OrchestratorConfig.of(data).withoutRetraining());
        serve();
    }

    private void serve() {
        server = ApiServer.start(orchestrator, ApiServer.Settings.of(InetAddress.getLoopbackAddress(), 0).withWebhooks(FAST));
        api = new Api(server.port());
    }

    @AfterEach
    void close() throws IOException {
        server.close();
        orchestrator.close();
        receiver.stop(0);
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private void register(String version) throws IOException {
        String sha = orchestrator.registry().artifacts().put(
                new ByteArrayInputStream(version.getBytes(StandardCharsets.UTF_8))).sha256();
        orchestrator.registry().register(new NewVersion("det", version, sha, Map.of(), Map.of(), Map.of(), null));
    }

    private JsonNode addHook(String extra) {
        Api.Answer a = api.post("/api/v1/webhooks", "{\"url\":\"" + hookUrl() + "\"" + extra + "}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json();
    }

    @Test
    void deliversEachEventSignedAndInOrder() throws Exception {
        JsonNode hook = addHook(",\"secret\":\"0123456789abcdef-secret\"");
        assertThat(hook.get("secret").asText()).isEqualTo("0123456789abcdef-secret");
        assertThat(hook.get("id").asText()).matches("wh_[0-9a-f]{12}");

        register("1.0.0");
        orchestrator.registry().promote("det", "1.0.0", "production");
        register("1.0.1");

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 3);
        assertThat(received).extracting(Received::id).containsExactly(1L, 2L, 3L);
        Received first = received.get(0);
        assertThat(first.headers().get(Signature.TYPE_HEADER)).isEqualTo("model_version_registered");
        assertThat(first.json().get("event").get("version").asText()).isEqualTo("1.0.0");
        long ts = Long.parseLong(first.headers().get(Signature.TIMESTAMP_HEADER));
        assertThat(first.headers().get(Signature.SIGNATURE_HEADER))
                .isEqualTo(Signature.sign("0123456789abcdef-secret", 1, ts, first.body()))
                .isNotEqualTo(Signature.sign("another-secret-0123", 1, ts, first.body()));
        assertThat(hmacByHand("0123456789abcdef-secret", "1." + ts + "." + new String(first.body(), StandardCharsets.UTF_8)))
                .isEqualTo(first.headers().get(Signature.SIGNATURE_HEADER));

        // the secret is never shown again; delivery state is
        Api.Answer listed = api.get("/api/v1/webhooks");
        assertThat(listed.text()).doesNotContain("0123456789abcdef-secret");
        JsonNode d = listed.json().get("webhooks").get(0).get("delivery");
        await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/api/v1/webhooks/" + hook.get("id").asText())
                .json().get("delivery").get("delivered_through").asLong() == 3);
        assertThat(d.get("consecutive_failures").asInt()).isZero();
    }

    private static String hmacByHand(String secret, String message) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aFailingReceiverIsRetriedWithBackoffAndStillGetsEverythingInOrder() throws Exception {
        JsonNode hook = addHook("");
        assertThat(hook.get("secret").asText()).startsWith("whsec_");
        failNext.set(5);
        for (int i = 0; i < 4; i++) {
            register("1.0." + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 4);
        assertThat(received).extracting(Received::id).containsExactly(1L, 2L, 3L, 4L);
        assertThat(attempts.get()).isEqualTo(9);
    }

    @Test
    void neitherTheSecretNorTheReceiversQueryStringIsEverLogged() throws Exception {
        java.util.List<java.util.logging.LogRecord> logged = new CopyOnWriteArrayList<>();
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("io.visutility");
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Level level = root.getLevel();
        root.setLevel(java.util.logging.Level.ALL);
        root.addHandler(capture);
        try {
            Api.Answer a = api.post("/api/v1/webhooks", "{\"url\":\"" + hookUrl() + "?key=receiver-credential\","
                    + "\"secret\":\"0123456789abcdef-secret\"}");
            assertThat(a.status()).isEqualTo(201);
            failNext.set(2);
            register("1.0.0");
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        } finally {
            root.removeHandler(capture);
            root.setLevel(level);
        }
        assertThat(logged).anySatisfy(r -> assertThat(r.getMessage()).contains("failed event 1"));
        java.util.logging.SimpleFormatter text = new java.util.logging.SimpleFormatter();
        for (java.util.logging.LogRecord r : logged) {
            assertThat(text.format(r)).doesNotContain("0123456789abcdef-secret").doesNotContain("receiver-credential");
        }
    }

    @Test
    void aRestartResumesFromTheDurableCursorSoEventsWhileDownAreDelivered() throws Exception {
        addHook(",\"events\":[\"model_version_registered\"]");
        register("1.0.0");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);

        server.close();
        orchestrator.close();
        orchestrator = Orchestrator.open(OrchestratorConfig.of(data).withoutRetraining());
        register("1.0.1");
        orchestrator.registry().promote("det", "1.0.1", "production"); // filtered out
        register("1.0.2");
        serve();

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 3);
        assertThat(received).extracting(Received::id).containsExactly(1L, 2L, 4L);
        Path endpoints = data.resolve("webhooks").resolve("endpoints.json");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(endpoints)))
                .isEqualTo("rw-------");
    }

    @Test
    void removingAnEndpointStopsDeliveriesAndBadEndpointsAreRefused() throws Exception {
        String id = addHook("").get("id").asText();
        assertThat(api.send(java.net.http.HttpRequest.newBuilder(api.uri("/api/v1/webhooks/" + id)).DELETE()).status())
                .isEqualTo(204);
        assertThat(api.get("/api/v1/webhooks/" + id).status()).isEqualTo(404);
        register("1.0.0");

        assertThat(api.post("/api/v1/webhooks", "{\"url\":\"file:///etc/passwd\"}").json().get("detail").asText())
                .isEqualTo("expected an http or https URL but got scheme 'file'");
        assertThat(api.post("/api/v1/webhooks", "{\"url\":\"http://u:p@127.0.0.1/x\"}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/webhooks", "{\"url\":\"" + hookUrl() + "\",\"secret\":\"short\"}").status())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/webhooks", "{\"url\":\"" + hookUrl() + "\",\"events\":[\"nope\"]}").status())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/webhooks", "{\"url\":\"" + hookUrl() + "\",\"after\":99}").status())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/webhooks", "{\"url\":\"" + hookUrl() + "\",\"colour\":1}").code())
                .isEqualTo("invalid_input");
        assertThat(api.get("/api/v1/webhooks/../x").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/webhooks").json().get("webhooks")).isEmpty();
        assertThat(received).isEmpty();
    }
}
