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
        assertThat(run.errLines()).containsExactly("visutility: listening on 0.0.0.0 needs API tokens, and there are"
                + " none: create one with 'visutility token create --role admin' (or listen on 127.0.0.1)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void settingsComeFromFlagsThenTheEnvironmentThenTheConfigFileAndBadOnesAreRefused() throws Exception {
        Path config = data.resolveSibling(data.getFileName() + ".properties");
        java.nio.file.Files.writeString(config, "port = 99999\n");
        CliRun bad = CliRun.run(data, "serve", "--config", config.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.errLines()).containsExactly("visutility: expected port between 0 and 65535 but got 99999");

        java.nio.file.Files.writeString(config, "bind = 0.0.0.0\nprot = 1\n");
        CliRun unknown = CliRun.run(data, "serve", "--config", config.toString());
        assertThat(unknown.errLines()).singleElement().asString().startsWith("visutility: unknown setting(s) [prot] in ");

        java.nio.file.Files.writeString(config, "bind = 0.0.0.0\n");
        CliRun fromFile = CliRun.run(data, "serve", "--config", config.toString());
        assertThat(fromFile.errLines()).singleElement().asString().contains("listening on 0.0.0.0 needs API tokens");
        // the flag wins over the file: loopback needs no tokens (this one fails later, on the port, which is taken)
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun flag = CliRun.run(data, "serve", "--config", config.toString(), "--bind", "127.0.0.1", "--port",
                    Integer.toString(taken.getLocalPort()));
            assertThat(flag.errLines()).last().asString().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
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
