package io.visutility.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
    @TempDir
    Path data;

    @Test
    void refusesToBindBeyondLoopbackWithoutTokens() {
        CliRun run = CliRun.run(data, "serve", "--bind", "0.0.0.0", "--port", "0");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("visutility: API tokens are not implemented yet; binding to 0.0.0.0"
                + " would expose the API without authentication (use --bind 127.0.0.1)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void servesUntilSigtermThenReleasesTheDataDirectory() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--data", data.toString(), "serve", "--port", "0"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).matches("listening on http://127\\.0\\.0\\.1:\\d+");
            Matcher m = Pattern.compile(":(\\d+)$").matcher(line);
            assertThat(m.find()).isTrue();

            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + m.group(1) + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        // the journal was closed and the lock released: the directory opens again
        try (Orchestrator again = Orchestrator.open(OrchestratorConfig.of(data).withoutRetraining())) {
            assertThat(again.registry().models()).isEmpty();
        }
    }
}
