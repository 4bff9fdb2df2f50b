package io.visutility.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.http.ApiServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI with {@code --server}: the same commands against a data directory and against the real
 * API server over another data directory print the same text and JSON (ids and times aside), and
 * refuse the same way.
 */
class RemoteCliTest {
    @TempDir
    Path tmp;
    Path local;
    Path served;
    Orchestrator orchestrator;
    ApiServer server;
    String url;

    @BeforeEach
    void startServer() throws IOException {
        local = tmp.resolve("local");
        served = tmp.resolve("served");
        orchestrator = Orchestrator.open(OrchestratorConfig.of(served));
        server = ApiServer.start(orchestrator, InetAddress.getLoopbackAddress(), 0);
        url = "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.port();
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
        orchestrator.close();
    }

    /** {@code visutility ARGS…} with the given environment (for VISUTILITY_TOKEN). */
    static CliRun cli(Function<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = VisutilityCommand.commandLine();
        ((VisutilityCommand) cl.getCommand()).environment = environment;
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    CliRun remote(String... args) {
        List<String> all = new ArrayList<>(List.of("--server", url));
        all.addAll(List.of(args));
        return cli(name -> null, all.toArray(String[]::new));
    }

    CliRun locally(String... args) {
        return CliRun.run(local, args);
    }

    /** Ids, times and the two places a job's log is named differ between the modes; nothing else may. */
    String normalized(String text) {
        return text.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?Z", "<time>")
                .replace(local + "/jobs/<id>/attempt-1/train.log", "<log>")
                .replace(local + "/jobs/<id>/attempt-2/train.log", "<log>")
                .replaceAll(java.util.regex.Pattern.quote(url) + "/api/v1/jobs/<id>/log\\?attempt=\\d+", "<log>");
    }

    /** Runs a command both ways; asserts the same exit, stdout and stderr; returns the remote run. */
    CliRun same(String... args) {
        return same(args, args);
    }

    /** {@link #same} for a command naming the model's last job, whose id differs between the modes. */
    CliRun sameForLastJob(String... args) throws IOException {
        com.fasterxml.jackson.databind.JsonNode jobs = locally("jobs", "cam", "--json").json();
        String localJob = jobs.get(jobs.size() - 1).get("id").asText();
        String remoteJob = orchestrator.registry().jobs().list("cam").getLast().id();
        return same(Stream.of(args).map(a -> a.replace("{job}", localJob)).toArray(String[]::new),
                Stream.of(args).map(a -> a.replace("{job}", remoteJob)).toArray(String[]::new));
    }

    CliRun same(String[] localArgs, String[] args) {
        CliRun l = locally(localArgs);
        CliRun r = remote(args);
        String what = String.join(" ", args);
        assertThat(r.exit()).as(what + "\nlocal: " + l + "\nremote: " + r).isEqualTo(l.exit());
        assertThat(normalized(r.out())).as(what).isEqualTo(normalized(l.out()));
        assertThat(normalized(r.err())).as(what).isEqualTo(normalized(l.err()));
        return r;
    }

    long files(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void registryCommandsPrintTheSameLocallyAndThroughTheServer() throws IOException {
        Path v1 = Files.writeString(tmp.resolve("v1.bin"), "weights v1");
        Path v2 = Files.writeString(tmp.resolve("v2.bin"), "weights v2");
        Path other = Files.writeString(tmp.resolve("other.bin"), "other weights");

        assertThat(same("register", "det", "1.0.0", "--artifact", v1.toString(), "--metric", "accuracy=0.9",
                "--tag", "team=vision", "--param", "lr=0.01").out())
                .startsWith("registered det 1.0.0 sha256=");
        same("register", "det", "1.1.0", "--artifact", v2.toString(), "--metric", "accuracy=0.92", "--parent", "1.0.0",
                "--reason", "more data", "--json");
        same("register", "det", "1.0.0", "--artifact", v1.toString(), "--metric", "accuracy=0.9",
                "--tag", "team=vision", "--param", "lr=0.01");
        same("register", "seg", "0.1.0", "--artifact", other.toString());
        same("promote", "det", "1.0.0");
        same("promote", "det", "1.1.0", "--alias", "champion", "--json");
        same("deprecate", "det", "1.1.0", "--reason", "regressed at night");
        same("models");
        same("models", "--json");
        same("models", "--tag", "team=vision");
        same("versions", "det");
        same("versions", "det", "--json");
        same("versions", "det", "--tag", "team=vision");
        same("show", "det", "1.1.0");
        same("show", "det", "production");
        same("latest", "det");
        same("latest", "det", "--include-deprecated", "--json");

        long artifacts = files(served.resolve("artifacts"));
        String[][] refused = {
            {"register", "det", "1.0.0", "--artifact", other.toString()},
            {"register", "det", "1.2", "--artifact", other.toString()},
            {"register", "det", "2.0.0", "--artifact", tmp.resolve("missing.bin").toString()},
            {"register", "det", "2.0.0", "--artifact", other.toString(), "--metric", "f1=high"},
            {"show", "det", "9.9.9"},
            {"show", "det", "staging"},
            {"show", "nomodel", "production"},
            {"versions", "nomodel"},
            {"latest", "nomodel"},
            {"models", "--tag", "novalue"},
            {"promote", "det", "9.9.9"},
            {"promote", "nomodel", "1.0.0"},
            {"promote", "det", "1.1.0"},
            {"deprecate", "det", "3.0.0"},
            {"jobs", "nomodel"},
            {"job", "no-such-job"},
            {"job", "no-such-job", "--log"},
            {"cancel", "no-such-job"},
            {"promotions", "nomodel"},
            {"retrain", "config", "det"},
            {"retrain", "config", "nomodel"},
            {"retrain", "run", "det"},
            {"approve", "det", "1.0.0"},
            {"rollback", "det"},
        };
        for (String[] args : refused) {
            CliRun r = same(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.errLines()).as(String.join(" ", args)).hasSize(1);
        }
        assertThat(remote("register", "det", "1.0.0", "--artifact", other.toString()).err())
                .startsWith("visutility: model 'det' version 1.0.0 is already registered with artifact SHA-256")
                .endsWith(" [checksum_conflict]\n");
        assertThat(remote("show", "nomodel", "1.0.0").err())
                .isEqualTo("visutility: model 'nomodel' has no version 1.0.0 [not_found]\n");
        assertThat(remote("versions", "nomodel").err())
                .isEqualTo("visutility: no model named 'nomodel' is registered [not_found]\n");
        // a refused registration uploads nothing
        assertThat(files(served.resolve("artifacts"))).isEqualTo(artifacts);
    }

    @Test
    void registerStreamsTheArtifactToTheServerWhichStoresItByDigest() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + i / 7);
        }
        Path big = Files.write(tmp.resolve("big.bin"), content);
        CliRun r = remote("register", "det", "1.0.0", "--artifact", big.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        String sha = r.json().get("sha256").asText();
        assertThat(sha).isEqualTo(RegisterCommand.sha256(big));
        assertThat(r.json().get("size").asLong()).isEqualTo(content.length);
        HttpResponse<byte[]> stored = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url + "/api/v1/artifacts/" + sha)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(stored.body()).isEqualTo(content);
        assertThat(orchestrator.registry().get("det", "1.0.0")).isPresent();
    }

    @Test
    void anUnreachableServerIsOneLineNamingIt() throws IOException {
        Path artifact = Files.writeString(tmp.resolve("a.bin"), "a");
        server.close();
        for (String[] args : new String[][] {{"models"}, {"register", "m", "1.0.0", "--artifact", artifact.toString()},
                {"retrain", "run", "m"}}) {
            CliRun r = remote(args);
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("visutility: cannot reach server " + url + ": connection refused\n");
        }
    }

    @Test
    void refusesAServerUrlThatIsNotPlainHttp() {
        Object[][] cases = {
            {"ftp://example.com", "its scheme is 'ftp'"},
            {"example.com:8080", "its scheme is 'example.com'"},
            {"localhost", "it has no scheme"},
            {"http://", "it is not a valid URL"},
            {"http://host:8080/?x=1", "it has a query or fragment"},
        };
        for (Object[] c : cases) {
            CliRun r = cli(name -> null, "--server", (String) c[0], "models");
            assertThat(r.exit()).as((String) c[0]).isEqualTo(1);
            assertThat(r.errLines()).as((String) c[0]).hasSize(1);
            assertThat(r.err()).as((String) c[0]).startsWith("visutility: expected --server (or VISUTILITY_SERVER) to be"
                    + " a URL like http://host:8080").contains((String) c[1]);
        }
        CliRun secret = cli(name -> null, "--server", "http://admin:hunter2@host:8080", "models");
        assertThat(secret.exit()).isEqualTo(1);
        assertThat(secret.err()).contains("user information").contains("VISUTILITY_TOKEN").doesNotContain("hunter2");
        // a trailing slash is fine
        assertThat(cli(name -> null, "--server", url + "/", "models").exit()).isZero();
    }

    @Test
    void localOnlyCommandsRefuseServerOnTheCommandLine() {
        String[][] local = {
            {"journal", "verify"},
            {"journal", "dump"},
            {"journal", "repair", "--yes"},
            {"serve", "--port", "0"},
            {"tune", "--space", "space.json", "--", "python3", "t.py"},
            {"drift", "compare", "--reference", "a.csv", "--current", "b.csv"},
            {"drift", "detect", "--detector", "adwin", "--input", "s.csv"},
            {"monitor", "replay", "--telemetry", "t.ndjson"},
            {"monitor", "policy-default"},
        };
        for (String[] args : local) {
            CliRun r = remote(args);
            String name = args[0].equals("serve") || args[0].equals("tune") ? args[0] : args[0] + " " + args[1];
            assertThat(r.exit()).as(name).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("visutility: '" + name + "' works on local files only and does not take"
                    + " --server\n");
        }
        CliRun both = cli(n -> null, "--server", url, "--data", local.toString(), "models");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).isEqualTo("visutility: expected either --server or --data, not both\n");
        // the option may follow the command, as --data may
        assertThat(cli(n -> null, "models", "--server", url).out()).isEqualTo("no models registered in " + url + "\n");
        assertThat(cli(n -> null, "journal", "verify", "--server", url).exit()).isEqualTo(2);
        // help stays help
        assertThat(remote("serve", "--help").exit()).isZero();
    }

    @Test
    void refusedCredentialsNameTheTokenVariableAndTheTokenIsSentNeverPrinted() throws IOException {
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.createContext("/", exchange -> {
            String given = exchange.getRequestHeaders().getFirst("Authorization");
            authorization.set(given);
            boolean forbidden = given != null && given.endsWith("read-only");
            byte[] body = ("{\"type\":\"https://visutility.io/problems/x\",\"title\":\"t\",\"status\":"
                    + (forbidden ? 403 : 401) + ",\"detail\":\"" + (forbidden ? "the token may not do this"
                            : "a valid bearer token is required") + "\",\"code\":\""
                    + (forbidden ? "forbidden" : "unauthorized") + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(forbidden ? 403 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        fake.start();
        try {
            String fakeUrl = "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
                    + fake.getAddress().getPort();
            CliRun none = cli(n -> null, "--server", fakeUrl, "models");
            assertThat(none.exit()).isEqualTo(1);
            assertThat(authorization.get()).isNull();
            assertThat(none.err()).isEqualTo("visutility: server " + fakeUrl + " refused GET /api/v1/models: a valid"
                    + " bearer token is required [unauthorized]; set VISUTILITY_TOKEN to an API token of that server\n");

            CliRun wrong = cli(Map.of("VISUTILITY_TOKEN", "s3cret-token")::get, "--server", fakeUrl, "jobs");
            assertThat(authorization.get()).isEqualTo("Bearer s3cret-token");
            assertThat(wrong.exit()).isEqualTo(1);
            assertThat(wrong.err()).contains("[unauthorized]").contains("check the token in VISUTILITY_TOKEN")
                    .doesNotContain("s3cret");

            CliRun forbidden = cli(Map.of("VISUTILITY_TOKEN", "read-only")::get, "--server", fakeUrl, "promote", "m",
                    "1.0.0");
            assertThat(forbidden.exit()).isEqualTo(1);
            assertThat(forbidden.err()).isEqualTo("visutility: server " + fakeUrl + " refused PUT"
                    + " /api/v1/models/m/aliases/production: the token may not do this [forbidden]; the token in"
                    + " VISUTILITY_TOKEN is not allowed to do this\n");
        } finally {
            fake.stop(0);
        }
    }

    /** accuracy = 1 - lr, lr from the last --lr=… argument; --fail makes it fail (as in RetrainCommandTest). */
    Path trainingProgram() throws IOException {
        return Files.writeString(tmp.resolve("train.py"), """
                import json, os, sys
                lr = [float(a[5:]) for a in sys.argv[1:] if a.startswith('--lr=')][-1]
                print('training with lr = %s' % lr, flush=True)
                if '--fail' in sys.argv:
                    print('diverged', file=sys.stderr)
                    sys.exit(3)
                out = os.environ['VISU_OUTPUT_DIR']
                with open(os.path.join(out, 'model.bin'), 'w') as f:
                    f.write('weights trained with lr=%s from %s' % (lr, os.environ.get('VISU_PARENT_VERSION')))
                with open(os.path.join(out, 'metrics.json'), 'w') as f:
                    json.dump({'accuracy': round(1 - lr, 6)}, f)
                """);
    }

    Path config(Path train, String lr, String mode, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("python3", train.toString(), "--lr=" + lr));
        args.addAll(List.of(extra));
        String command = args.stream().map(a -> "\"" + a + "\"").reduce((a, b) -> a + ", " + b).orElseThrow();
        return Files.writeString(Files.createTempFile(tmp, "retrain-", ".json"), "{\"trainer\": {\"command\": ["
                + command + "], \"working_dir\": \"" + tmp + "\"}, \"policy\": {\"max_attempts\": 1},"
                + " \"promotion\": {\"metric\": \"accuracy\", \"direction\": \"maximize\", \"mode\": \"" + mode
                + "\"}}");
    }

    @Test
    void retrainRunFollowsTheServersJobToItsEndPrintingTheLocalProgress() throws IOException {
        Path train = trainingProgram();
        Path artifact = Files.writeString(tmp.resolve("model.bin"), "weights v1");
        same("register", "cam", "1.0.0", "--artifact", artifact.toString(), "--metric", "accuracy=0.9");
        same("promote", "cam", "1.0.0");

        assertThat(same("retrain", "configure", "cam", "--config", config(train, "0.05", "auto").toString()).out())
                .startsWith("retrain config of model 'cam' recorded: trainer [\"python3\"");
        same("retrain", "config", "cam");
        CliRun promoted = same("retrain", "run", "cam", "--reason", "new night images");
        assertThat(promoted.exit()).as(promoted.err()).isZero();
        List<String> progress = promoted.errLines();
        assertThat(progress).hasSize(4);
        String job = orchestrator.registry().jobs().list("cam").getLast().id();
        assertThat(progress.subList(0, 3)).containsExactly(
                "queued retrain job " + job + " of model 'cam' from version 1.0.0: new night images",
                "attempt 1 of job " + job + " started without parameters; log: " + url + "/api/v1/jobs/" + job
                        + "/log?attempt=1",
                "attempt 1 succeeded: registered cam 1.0.1 with metrics {\"accuracy\":0.95}");
        assertThat(progress.get(3)).startsWith("promoted cam 1.0.1 to 'production' (was 1.0.0)");
        assertThat(promoted.out()).isEqualTo("retrain job " + job + " of model 'cam' succeeded: 1.0.1 promoted"
                + " ('production')\n");
        assertThat(remote("job", job, "--log").out()).isEqualTo("training with lr = 0.05\n");
        sameForLastJob("job", "{job}", "--log");
        sameForLastJob("job", "{job}", "--log", "--attempt", "2");
        sameForLastJob("job", "{job}");

        // manual mode: held, then rejected; held again, then approved and rolled back
        same("retrain", "configure", "cam", "--config", config(train, "0.02", "manual").toString());
        same("retrain", "run", "cam", "--json");
        same("promotions", "cam");
        same("reject", "cam", "1.0.2", "--note", "worse on rainy days");
        same("retrain", "run", "cam");
        same("approve", "cam", "1.0.3", "--note", "checked");
        same("rollback", "cam", "--reason", "false positives");
        same("promotions", "cam", "--json");
        same("show", "cam", "production");

        // a failing program: the job fails with its reason, and it cannot be cancelled any more
        same("retrain", "configure", "cam", "--config", config(train, "0.01", "auto", "--fail").toString());
        CliRun failed = same("retrain", "run", "cam");
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.errLines().getLast()).startsWith("visutility: retrain job ").endsWith("failed after 1"
                + " attempt(s); no attempts left");
        assertThat(remote("job", orchestrator.registry().jobs().list("cam").getLast().id(), "--log").out())
                .contains("diverged");
        sameForLastJob("job", "{job}", "--json");
        assertThat(sameForLastJob("cancel", "{job}").err()).endsWith("[conflict]\n");
        same("jobs");
        same("jobs", "cam", "--json");
    }

    @Test
    void aRetryTheServerRunsAtOnceIsFollowedUntilNoAttemptsAreLeft() throws IOException {
        Path train = trainingProgram();
        Path artifact = Files.writeString(tmp.resolve("model.bin"), "weights v1");
        assertThat(remote("register", "cam", "1.0.0", "--artifact", artifact.toString()).exit()).isZero();
        Path config = Files.writeString(tmp.resolve("retry.json"), "{\"trainer\": {\"command\": [\"python3\", \""
                + train + "\", \"--lr=0.05\", \"--fail\"]}, \"policy\": {\"max_attempts\": 2, \"backoff_seconds\": 0}}");
        assertThat(remote("retrain", "configure", "cam", "--config", config.toString()).exit()).isZero();

        CliRun r = remote("retrain", "run", "cam", "--json");
        assertThat(r.exit()).isEqualTo(1);
        String id = r.json().get("id").asText();
        assertThat(r.json().get("attempts").asInt()).isEqualTo(2);
        assertThat(r.json().get("decision").isNull()).isTrue();
        List<String> lines = r.errLines();
        assertThat(lines.getFirst()).isEqualTo("queued retrain job " + id + " of model 'cam' from version 1.0.0: manual request");
        // how much of attempt 1 a poll saw depends on timing; attempt 2 is seen to its end
        assertThat(lines.subList(lines.size() - 3, lines.size())).containsExactly(
                "attempt 2 of job " + id + " started without parameters; log: " + url + "/api/v1/jobs/" + id
                        + "/log?attempt=2",
                "attempt 2 failed: training program exited with status 3 (see the log train.log) (attempt 2 of 2;"
                        + " giving up)",
                "visutility: retrain job " + id + " of model 'cam' failed after 2 attempt(s); no attempts left");
        assertThat(String.join("\n", lines)).contains("attempt 1 ");
        assertThat(remote("job", id, "--log", "--attempt", "1").out()).contains("diverged");
    }

    @Test
    void withTheServersOwnTokensTheRoleDecidesAndTheTokenIsNeverPrinted() throws Exception {
        io.visutility.http.ApiTokens tokens = io.visutility.http.ApiTokens.in(served, java.time.Clock.systemUTC());
        String write = tokens.create(io.visutility.http.Role.WRITE, "ci").secret();
        String admin = tokens.create(io.visutility.http.Role.ADMIN, "ops").secret();
        Path artifact = tmp.resolve("weights.bin");
        java.nio.file.Files.writeString(artifact, "weights");

        // the running server notices the new token file within a second
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> remote("models").exit() == 1);
        CliRun anonymous = remote("models");
        assertThat(anonymous.err()).contains("[unauthorized]").contains("VISUTILITY_TOKEN");

        CliRun registered = cli(Map.of("VISUTILITY_TOKEN", write)::get, "--server", url, "register", "cam", "1.0.0",
                "--artifact", artifact.toString());
        assertThat(registered.exit()).as(registered.err()).isEqualTo(0);
        CliRun refused = cli(Map.of("VISUTILITY_TOKEN", write)::get, "--server", url, "promote", "cam", "1.0.0");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("needs role admin").contains("[forbidden]").doesNotContain(write);
        CliRun promoted = cli(Map.of("VISUTILITY_TOKEN", admin)::get, "--server", url, "promote", "cam", "1.0.0");
        assertThat(promoted.exit()).as(promoted.err()).isEqualTo(0);
        assertThat(orchestrator.registry().alias("cam", "production")).isPresent();
        assertThat(registered.out() + registered.err() + promoted.out() + promoted.err()).doesNotContain(write)
                .doesNotContain(admin);
    }
}
