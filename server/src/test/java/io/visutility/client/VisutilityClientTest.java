package io.visutility.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.http.ApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CI calls against a real server on an ephemeral port over a fresh data directory. */
class VisutilityClientTest {
    @TempDir
    static Path data;
    @TempDir
    static Path files;

    static Orchestrator orchestrator;
    static ApiServer server;
    static VisutilityClient client;

    @BeforeAll
    static void start() throws IOException {
        orchestrator = Orchestrator.open(OrchestratorConfig.of(data).withoutRetraining());
        server = ApiServer.start(orchestrator, InetAddress.getLoopbackAddress(), 0);
        client = VisutilityClient.builder(URI.create("http://127.0.0.1:" + server.port())).build();
    }

    @AfterAll
    static void stop() throws IOException {
        client.close();
        server.close();
        orchestrator.close();
    }

    @Test
    void uploadsRegistersPromotesAndFindsTheProductionVersion() throws Exception {
        byte[] bytes = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + (i >> 9));
        }
        Path file = Files.write(files.resolve("detector.onnx"), bytes);

        Artifact artifact = client.uploadArtifact(file);
        assertThat(artifact).isEqualTo(new Artifact(sha256(bytes), bytes.length));

        ModelVersion registered = client.register("detector", "1.1.0", artifact.sha256(),
                Map.of("f1", 0.85, "mAP", 0.74), Map.of("project", "traffic"), Map.of("lr", 0.01, "optimizer", "adam"));
        assertThat(registered.model()).isEqualTo("detector");
        assertThat(registered.version()).isEqualTo("1.1.0");
        assertThat(registered.sha256()).isEqualTo(artifact.sha256());
        assertThat(registered.size()).isEqualTo(bytes.length);
        assertThat(registered.aliases()).isEmpty();
        assertThat(registered.metric("f1")).hasValue(0.85);
        assertThat(registered.tags()).containsExactly(Map.entry("project", "traffic"));
        assertThat(registered.params().get("optimizer").asText()).isEqualTo("adam");
        assertThat(registered.createdAt()).isNotNull();

        assertThat(client.production("detector")).isEmpty();
        ModelVersion promoted = client.promote("detector", "1.1.0", "production");
        assertThat(promoted.aliases()).containsExactly("production");

        ModelVersion live = client.production("detector").orElseThrow();
        assertThat(live.version()).isEqualTo("1.1.0");
        assertThat(live.sha256()).isEqualTo(artifact.sha256());
        assertThat(live.holds("production")).isTrue();
        assertThat(client.alias("detector", "staging")).isEmpty();
        assertThat(client.version("detector", "1.1.0")).map(ModelVersion::createdAt).hasValue(registered.createdAt());
    }

    @Test
    void aRegistrationRetriedIsTheSameVersionAndLineageIsKept() throws IOException {
        Artifact artifact = client.uploadArtifact(Files.writeString(files.resolve("seg-a.bin"), "segmenter weights a"));
        Registration r = Registration.builder("2.0.0-rc.1", artifact.sha256()).metric("iou", 0.6)
                .parentVersion("1.0.0").trainingJobId("job-42").reason("new data").build();
        ModelVersion first = client.register("segmenter", r);
        ModelVersion again = client.register("segmenter", r);
        assertThat(again).isEqualTo(first);
        assertThat(first.lineage()).isEqualTo(new ModelVersion.Lineage("1.0.0", "job-42", "new data"));
        assertThat(client.version("segmenter", "2.0.0-rc.1")).contains(first);
    }

    @Test
    void aProblemDocumentBecomesAnExceptionWithItsCode() throws IOException {
        Artifact a = client.uploadArtifact(Files.writeString(files.resolve("cls-a.bin"), "classifier a"));
        Artifact b = client.uploadArtifact(Files.writeString(files.resolve("cls-b.bin"), "classifier b"));
        client.register("classifier", Registration.builder("1.0.0", a.sha256()).build());

        assertThatThrownBy(() -> client.register("classifier", Registration.builder("1.0.0", b.sha256()).build()))
                .isInstanceOfSatisfying(VisutilityException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("checksum_conflict");
                    assertThat(e.detail()).contains(a.sha256().substring(0, 6)).contains(b.sha256().substring(0, 6));
                    assertThat(e.method()).isEqualTo("POST");
                    assertThat(e.uri().getPath()).isEqualTo("/api/v1/models/classifier/versions");
                });
        assertThatThrownBy(() -> client.promote("classifier", "9.9.9", "production"))
                .isInstanceOfSatisfying(VisutilityException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("not_found");
                });
        assertThatThrownBy(() -> client.register("classifier", Registration.builder("1.0", a.sha256()).build()))
                .isInstanceOfSatisfying(VisutilityException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_input");
                });
    }

    @Test
    void aServerThatIsDownIsAnUnreachableErrorNamingTheUrl() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (VisutilityClient down = VisutilityClient.builder(URI.create("http://127.0.0.1:" + port))
                .connectTimeout(Duration.ofSeconds(2)).build()) {
            assertThatThrownBy(() -> down.production("detector"))
                    .isInstanceOfSatisfying(VisutilityException.class, e -> {
                        assertThat(e.status()).isZero();
                        assertThat(e.code()).isEqualTo(VisutilityException.UNREACHABLE);
                        assertThat(e.getMessage()).contains("http://127.0.0.1:" + port
                                + "/api/v1/models/detector/aliases/production");
                    });
        }
    }

    @Test
    void aMissingFileIsALocalErrorNotAServerOne() {
        assertThatThrownBy(() -> client.uploadArtifact(files.resolve("nope.onnx")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("nope.onnx");
    }

    @Test
    void builderRefusesContradictorySettings() {
        URI uri = URI.create("http://127.0.0.1:8080");
        assertThatThrownBy(() -> VisutilityClient.builder(uri).telemetryQueueCapacity(10).telemetryBatchSize(11).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a telemetry batch size within [1, queue capacity 10] but got 11");
        assertThatThrownBy(() -> VisutilityClient.builder(uri)
                .telemetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initial backoff");
        assertThatThrownBy(() -> VisutilityClient.builder(URI.create("ftp://host/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected an http or https URL like http://127.0.0.1:8080 but got 'ftp://host/'");
    }

    @Test
    void pathSegmentsAreEncoded() {
        assertThat(VisutilityClient.segment("1.0.0+build.5")).isEqualTo("1.0.0%2Bbuild.5");
        assertThat(VisutilityClient.segment("a/b")).isEqualTo("a%2Fb");
        assertThat(VisutilityClient.segment("détecteur")).isEqualTo("d%C3%A9tecteur");
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
