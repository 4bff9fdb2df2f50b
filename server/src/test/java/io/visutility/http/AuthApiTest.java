package io.visutility.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API tokens: roles, 401/403 problems, revocation while serving, hashed storage, non-loopback binding. */
class AuthApiTest {
    @TempDir
    Path data;

    Orchestrator orchestrator;
    ApiServer server;
    Api api;
    ApiTokens tokens;

    @BeforeEach
    void open() throws IOException {
        orchestrator = Orchestrator.open(OrchestratorConfig.of(data).withoutRetraining());
        tokens = ApiTokens.in(data, Clock.systemUTC());
    }

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
        orchestrator.close();
    }

    private void serve() {
        server = ApiServer.start(orchestrator, InetAddress.getLoopbackAddress(), 0);
        api = new Api(server.port());
    }

    private Api.Answer as(String token, HttpRequest.Builder request) {
        return api.send(token == null ? request : request.header("Authorization", "Bearer " + token));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(api.uri(path)).GET();
    }

    private HttpRequest.Builder send(String method, String path, String json) {
        return HttpRequest.newBuilder(api.uri(path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpRequest.Builder upload(String content) {
        return HttpRequest.newBuilder(api.uri("/api/v1/artifacts"))
                .PUT(HttpRequest.BodyPublishers.ofString(content));
    }

    @Test
    void onLoopbackWithoutTokensTheApiIsOpen() {
        serve();
        assertThat(server.tokensRequired()).isFalse();
        assertThat(api.get("/api/v1/models").status()).isEqualTo(200);
    }

    @Test
    void eachRoleMayDoWhatItsRoleAllowsAndIsRefusedTheRestWithAProblem() throws IOException {
        String read = tokens.create(Role.READ, "dashboard").secret();
        String write = tokens.create(Role.WRITE, "ci").secret();
        String admin = tokens.create(Role.ADMIN, null).secret();
        serve();
        assertThat(server.tokensRequired()).isTrue();

        Api.Answer anonymous = api.get("/api/v1/models");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).isEqualTo("application/problem+json");
        assertThat(anonymous.code()).isEqualTo("unauthorized");
        assertThat(anonymous.json().get("detail").asText()).contains("visutility token create --role read");
        assertThat(as("vtk_00000000_nonsense", get("/api/v1/models")).code()).isEqualTo("unauthorized");
        assertThat(as(read.substring(0, read.length() - 1) + "x", get("/api/v1/models")).status()).isEqualTo(401);
        // public endpoints stay open for probes and tools
        assertThat(api.get("/health").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/openapi.json").status()).isEqualTo(200);

        assertThat(as(read, get("/api/v1/models")).status()).isEqualTo(200);
        assertThat(as(read, get("/metrics")).status()).isEqualTo(200);
        Api.Answer readUpload = as(read, upload("weights"));
        assertThat(readUpload.status()).isEqualTo(403);
        assertThat(readUpload.code()).isEqualTo("forbidden");
        assertThat(readUpload.json().get("detail").asText()).contains("has role read").contains("needs role write");

        Api.Answer up = as(write, upload("weights"));
        assertThat(up.status()).as(up.toString()).isEqualTo(201);
        String sha = up.json().get("sha256").asText();
        assertThat(as(write, send("POST", "/api/v1/models/det/versions",
                "{\"version\":\"1.0.0\",\"artifact_sha256\":\"" + sha + "\"}")).status()).isEqualTo(201);
        assertThat(as(write, send("POST", "/api/v1/telemetry", "[]")).status()).isIn(202, 400);
        Api.Answer promote = as(write, send("PUT", "/api/v1/models/det/aliases/production", "{\"version\":\"1.0.0\"}"));
        assertThat(promote.status()).isEqualTo(403);
        assertThat(as(write, send("POST", "/api/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/x\"}")).status())
                .isEqualTo(403);

        assertThat(as(admin, send("PUT", "/api/v1/models/det/aliases/production", "{\"version\":\"1.0.0\"}")).status())
                .isEqualTo(200);
        // a refused request changed nothing: the alias was moved only by the admin
        assertThat(orchestrator.registry().alias("det", "production")).isPresent();
    }

    @Test
    void aRevokedTokenIsRefusedWithinASecondAndANewOneAcceptedWithoutRestart() throws IOException {
        ApiTokens.Created first = tokens.create(Role.READ, "a");
        serve();
        assertThat(as(first.secret(), get("/api/v1/models")).status()).isEqualTo(200);

        // another process (the CLI) changes the file while the server runs
        ApiTokens cli = ApiTokens.in(data, Clock.systemUTC());
        String second = cli.create(Role.READ, "b").secret();
        assertThat(cli.revoke(first.token().id())).isTrue();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(as(first.secret(), get("/api/v1/models")).status()).isEqualTo(401);
            assertThat(as(second, get("/api/v1/models")).status()).isEqualTo(200);
        });
    }

    @Test
    void tokensAreStoredOnlyAsHashesInAFileOnlyItsOwnerCanRead() throws IOException {
        ApiTokens.Created c = tokens.create(Role.ADMIN, "ops");

        String file = Files.readString(data.resolve(ApiTokens.FILE), StandardCharsets.UTF_8);
        assertThat(c.secret()).startsWith("vtk_" + c.token().id() + "_");
        assertThat(file).doesNotContain(c.secret()).doesNotContain(c.secret().substring(13))
                .contains(java.util.HexFormat.of().formatHex(ApiTokens.sha256(c.secret())));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(ApiTokens.FILE))))
                .isEqualTo("rw-------");
        assertThat(c.toString()).doesNotContain(c.secret());
        assertThat(ApiTokens.in(data, Clock.systemUTC()).authenticate(c.secret())).map(ApiTokens.Token::role)
                .contains(Role.ADMIN);
    }

    @Test
    void refusesBadTokenNamesAndRoles() {
        assertThatThrownBy(() -> tokens.create(Role.READ, "../etc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token name");
        assertThatThrownBy(() -> Role.parse("root")).hasMessage(
                "expected a role of read, write or admin but got 'root'");
        assertThat(data.resolve(ApiTokens.FILE)).doesNotExist();
    }

    @Test
    void beyondLoopbackItRefusesToStartWithoutTokensAndRequiresThemWithSome() throws IOException {
        InetAddress any = InetAddress.getByName("0.0.0.0");
        assertThatThrownBy(() -> ApiServer.start(orchestrator, any, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs API tokens, and there are none");

        String admin = tokens.create(Role.ADMIN, null).secret();
        server = ApiServer.start(orchestrator, any, 0);
        api = new Api(server.port());
        assertThat(server.tokensRequired()).isTrue();
        assertThat(api.get("/api/v1/models").status()).isEqualTo(401);
        assertThat(as(admin, get("/api/v1/models")).status()).isEqualTo(200);
    }

    @Test
    void rolesNeededFollowTheRuleThatOnlyListedWritesAreNotAdmin() {
        assertThat(Access.needed(io.helidon.http.Method.GET, "/health")).isEmpty();
        assertThat(Access.needed(io.helidon.http.Method.POST, "/api/v1/models/x/versions")).contains(Role.WRITE);
        assertThat(Access.needed(io.helidon.http.Method.POST, "/api/v1/models/x/versions/1.0.0/deprecate"))
                .contains(Role.ADMIN);
        assertThat(Access.needed(io.helidon.http.Method.POST, "/api/v1/models/x/retrain")).contains(Role.ADMIN);
        assertThat(Access.needed(io.helidon.http.Method.DELETE, "/api/v1/webhooks/wh_0")).contains(Role.ADMIN);
        assertThat(Access.needed(io.helidon.http.Method.POST, "/api/2.0/mlflow/registered-models/get-latest-versions"))
                .contains(Role.READ);
        assertThat(Access.needed(io.helidon.http.Method.POST, "/api/2.0/mlflow/model-versions/create"))
                .contains(Role.WRITE);
    }
}
