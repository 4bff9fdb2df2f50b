package io.visutility.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visutility.http.ApiTokens;
import io.visutility.http.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCommandTest {
    @TempDir
    Path data;

    @Test
    void createPrintsTheTokenOnceListShowsNoSecretAndRevokeRemovesIt() throws Exception {
        CliRun created = CliRun.run(data, "token", "create", "--role", "write", "--name", "ci");
        assertThat(created.exit()).isEqualTo(0);
        String token = created.out().strip();
        assertThat(token).matches("vtk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}");
        String id = token.substring(4, 12);
        assertThat(created.errLines()).singleElement().asString().startsWith("created token " + id + " with role write");
        assertThat(ApiTokens.in(data, Clock.systemUTC()).authenticate(token)).map(ApiTokens.Token::role)
                .contains(Role.WRITE);

        CliRun listed = CliRun.run(data, "token", "list");
        assertThat(listed.out()).contains(id).contains("write").contains("ci").doesNotContain(token.substring(13));
        assertThat(Files.readString(data.resolve("tokens.json"))).doesNotContain(token);

        assertThat(CliRun.run(data, "token", "revoke", id).out().strip()).isEqualTo("revoked token " + id);
        assertThat(ApiTokens.in(data, Clock.systemUTC()).authenticate(token)).isEmpty();
        CliRun again = CliRun.run(data, "token", "revoke", id);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.errLines()).containsExactly("visutility: no token with id '" + id + "'");
    }

    @Test
    void refusesAnUnknownRoleAndChangesNothing() {
        CliRun run = CliRun.run(data, "token", "create", "--role", "root");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("visutility: expected a role of read, write or admin but got 'root'");
        assertThat(data.resolve("tokens.json")).doesNotExist();
    }

    @Test
    void jsonLogLinesAreOneObjectEachWithTheError() throws Exception {
        LogRecord r = new LogRecord(Level.WARNING, "webhook {0} failed: \"quoted\"\nsecond line");
        r.setParameters(new Object[] {"wh_1"});
        r.setLoggerName("io.visutility.webhooks.Dispatcher");
        r.setThrown(new IllegalStateException("boom"));
        String line = new JsonLogFormatter().format(r);

        assertThat(line.strip()).doesNotContain("\n");
        JsonNode j = new ObjectMapper().readTree(line);
        assertThat(j.get("level").asText()).isEqualTo("WARNING");
        assertThat(j.get("logger").asText()).isEqualTo("io.visutility.webhooks.Dispatcher");
        assertThat(j.get("message").asText()).isEqualTo("webhook wh_1 failed: \"quoted\"\nsecond line");
        assertThat(j.get("error").asText()).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(j.get("stack").asText()).contains("TokenCommandTest");
        assertThat(j.get("ts").asText()).endsWith("Z");
    }
}
