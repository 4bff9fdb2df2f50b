package io.visutility.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a serving process under write load loses nothing it acknowledged.
 *
 * <p>The server runs as a child JVM ({@code Main --data DIR serve --port 0}, the port read from the
 * line it prints). {@value #WRITERS} client threads each own a model and, in a loop, upload an
 * artifact, register version 1.0.i of their model with it, move their model's {@code production}
 * alias to that version, and move the {@code production} alias of one model they all share to
 * "their" version of it. Every request and its answer are recorded with the times it was sent and
 * answered. After {@value #LOAD_MILLIS} ms, and once at least {@value #MIN_REGISTERED} registrations were
 * acknowledged, the child gets SIGKILL while requests are in flight; a new
 * child opens the same data directory and the test reads the state back.
 *
 * <p>What is guaranteed, and asserted:
 * <ul>
 *   <li>every acknowledged upload can be read back with the same bytes;
 *   <li>every acknowledged (2xx) registration is there with exactly the acknowledged JSON (aliases
 *       aside, which later moves change), and its artifact has the uploaded bytes;
 *   <li>a writer's own alias: the writer's moves are sequential, so its alias is at the target of its
 *       last acknowledged move, or of the move after it if that one was in flight (sent, never
 *       answered) at the kill;
 *   <li>the shared alias (moved concurrently): at the target of a move that was acknowledged or in
 *       flight and that no acknowledged move followed, i.e. no acknowledged move was sent after it
 *       had been answered. Moves whose intervals overlap may have been applied in either order.
 * </ul>
 * A registration in flight at the kill may or may not be there; if it is, it must hold its artifact.
 * A SIGKILL keeps the page cache, so this checks that nothing is acknowledged before it is written
 * and that recovery reads it back; it cannot check fsync (power loss).
 */
class ServerCrashTest {
    private static final int WRITERS = 8;
    private static final long LOAD_MILLIS = 1_500;
    private static final int MIN_REGISTERED = 40;
    private static final String SHARED = "shared";
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^\\s]+:(\\d+)");

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void keepsEveryAcknowledgedWriteAfterSigkill() throws Exception {
        Path data = dir.resolve("data");
        long began = System.nanoTime();
        Server first = start(data, "first");
        Api api = new Api(first.port);
        for (int t = 0; t < WRITERS; t++) { // the shared model's versions, one per writer
            String sha = upload(api, ("shared-" + t).getBytes(StandardCharsets.UTF_8));
            assertThat(api.post("/api/v1/models/" + SHARED + "/versions", registration("1.0." + t, sha, t)).status())
                    .isEqualTo(201);
        }

        ConcurrentLinkedQueue<Op> ops = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> broken = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(WRITERS);
        long loadStart = System.nanoTime(), deadline = loadStart + TimeUnit.MILLISECONDS.toNanos(LOAD_MILLIS);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < WRITERS; t++) {
            int writer = t;
            writers.add(Thread.ofPlatform().name("writer-" + t).start(() -> {
                try {
                    write(api, writer, ops);
                } catch (RuntimeException | Error e) {
                    broken.add(e);
                } finally {
                    done.countDown();
                }
            }));
        }
        // kill while the writers are busy (they never stop on their own, so requests are in flight),
        // once the load has run LOAD_MILLIS and enough has been acknowledged to make the check mean something
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> System.nanoTime() >= deadline && acknowledged(ops, Kind.REGISTER) >= MIN_REGISTERED);
        ProcessHandle child = first.process.toHandle();
        first.process.destroyForcibly(); // SIGKILL on Linux: the exit status below is 128 + 9
        assertThat(first.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process.exitValue()).as("exit status of the killed server").isEqualTo(137);
        assertThat(child.isAlive()).isFalse();
        assertThat(done.await(30, TimeUnit.SECONDS)).as("writers end once the server is gone").isTrue();
        for (Thread w : writers) {
            w.join();
        }

        List<Op> all = new ArrayList<>(ops);
        System.out.printf("started in %d ms; killed after %d ms of load, %d acknowledged uploads, %d registrations,"
                + " %d alias moves; %d requests in flight%n", (loadStart - began) / 1_000_000,
                (System.nanoTime() - loadStart) / 1_000_000, acknowledged(ops, Kind.UPLOAD),
                acknowledged(ops, Kind.REGISTER), acknowledged(ops, Kind.MOVE),
                all.stream().filter(o -> o.outcome == Outcome.IN_FLIGHT).count());
        assertThat(broken).as("writers that failed other than by losing the server").isEmpty();
        assertThat(all).as("requests that failed for a reason other than the kill")
                .noneMatch(o -> o.outcome == Outcome.REFUSED);

        long restart = System.nanoTime();
        Server second = start(data, "second");
        Api after = new Api(second.port);
        assertArtifacts(after, all);
        assertRegistrations(after, all);
        for (int t = 0; t < WRITERS; t++) {
            assertOwnAlias(after, t, all);
        }
        assertSharedAlias(after, all);
        System.out.printf("restarted and checked in %d ms%n", (System.nanoTime() - restart) / 1_000_000);
    }

    /** One writer's loop: until the server dies, register the next version and move both aliases. */
    private static void write(Api api, int writer, ConcurrentLinkedQueue<Op> ops) {
        String model = "model-" + writer;
        for (int n = 0; ; n++) {
            int i = n;
            String version = "1.0." + i;
            byte[] artifact = (model + " " + version).getBytes(StandardCharsets.UTF_8);
            Op upload = Op.of(Kind.UPLOAD, writer, model, version, artifact);
            ops.add(upload);
            Api.Answer a = upload.run(() -> api.put("/api/v1/artifacts", artifact), 201);
            if (a == null) {
                return;
            }
            String sha = a.json().get("sha256").asText();
            Op register = Op.of(Kind.REGISTER, writer, model, version, artifact);
            ops.add(register);
            if (register.run(() -> api.post("/api/v1/models/" + model + "/versions", registration(version, sha, i)),
                    201) == null) {
                return;
            }
            Op own = Op.of(Kind.MOVE, writer, model, version, null);
            ops.add(own);
            if (own.run(() -> api.put("/api/v1/models/" + model + "/aliases/production", move(version)), 200) == null) {
                return;
            }
            String target = "1.0." + writer;
            Op shared = Op.of(Kind.MOVE, writer, SHARED, target, null);
            ops.add(shared);
            if (shared.run(() -> api.put("/api/v1/models/" + SHARED + "/aliases/production", move(target)),
                    200) == null) {
                return;
            }
        }
    }

    private static long acknowledged(ConcurrentLinkedQueue<Op> ops, Kind kind) {
        return ops.stream().filter(o -> o.kind == kind && o.outcome == Outcome.ACKED).count();
    }

    /** Every acknowledged upload can be read back, byte for byte. */
    private static void assertArtifacts(Api api, List<Op> all) {
        for (Op op : all) {
            if (op.kind == Kind.UPLOAD && op.outcome == Outcome.ACKED) {
                Api.Answer got = api.get("/api/v1/artifacts/" + op.answer.json().get("sha256").asText());
                assertThat(got.status()).as("artifact of %s %s: %s", op.model, op.version, got).isEqualTo(200);
                assertThat(got.body()).as("artifact of %s %s", op.model, op.version).isEqualTo(op.artifact);
            }
        }
    }

    private static void assertRegistrations(Api api, List<Op> all) {
        for (Op op : all) {
            if (op.kind != Kind.REGISTER || op.outcome == Outcome.REFUSED) {
                continue;
            }
            Api.Answer got = api.get("/api/v1/models/" + op.model + "/versions/" + op.version);
            if (op.outcome == Outcome.IN_FLIGHT && got.status() == 404) {
                continue; // never made it to the journal; allowed, since it was never acknowledged
            }
            assertThat(got.status()).as("%s %s after the restart: %s", op.model, op.version, got).isEqualTo(200);
            JsonNode version = withoutAliases(got.json());
            if (op.outcome == Outcome.ACKED) {
                assertThat(version).as("%s %s as acknowledged", op.model, op.version)
                        .isEqualTo(withoutAliases(op.answer.json()));
            }
            Api.Answer artifact = api.get("/api/v1/artifacts/" + version.get("sha256").asText());
            assertThat(artifact.status()).as("artifact of %s %s", op.model, op.version).isEqualTo(200);
            assertThat(artifact.body()).as("artifact of %s %s", op.model, op.version).isEqualTo(op.artifact);
        }
    }

    /** A writer's own alias: its moves are sequential, so the last acknowledged one, or the one in flight. */
    private static void assertOwnAlias(Api api, int writer, List<Op> all) {
        String model = "model-" + writer;
        List<Op> moves = all.stream().filter(o -> o.kind == Kind.MOVE && o.model.equals(model)).toList();
        List<String> allowed = new ArrayList<>();
        moves.stream().filter(o -> o.outcome == Outcome.ACKED).reduce((a, b) -> b)
                .ifPresent(o -> allowed.add(o.version));
        moves.stream().filter(o -> o.outcome == Outcome.IN_FLIGHT).forEach(o -> allowed.add(o.version));
        Api.Answer got = api.get("/api/v1/models/" + model + "/aliases/production");
        if (allowed.isEmpty()) {
            assertThat(got.status()).as("%s has no production alias: %s", model, got).isEqualTo(404);
            return;
        }
        if (moves.stream().noneMatch(o -> o.outcome == Outcome.ACKED) && got.status() == 404) {
            return; // the only move was in flight and did not happen
        }
        assertThat(got.status()).as("production of %s: %s", model, got).isEqualTo(200);
        assertThat(got.json().get("version").asText()).as("production of %s, moves %s", model, moves).isIn(allowed);
    }

    /**
     * The shared alias: a move that was acknowledged or in flight and that no acknowledged move
     * followed (one sent after it was answered; an in-flight move was never answered).
     */
    private static void assertSharedAlias(Api api, List<Op> all) {
        List<Op> moves = all.stream().filter(o -> o.kind == Kind.MOVE && o.model.equals(SHARED)).toList();
        List<Op> acked = moves.stream().filter(o -> o.outcome == Outcome.ACKED).toList();
        assertThat(acked).as("acknowledged moves of the shared alias").isNotEmpty();
        List<String> allowed = moves.stream()
                .filter(m -> m.outcome == Outcome.ACKED || m.outcome == Outcome.IN_FLIGHT)
                .filter(m -> m.outcome == Outcome.IN_FLIGHT
                        || acked.stream().noneMatch(a -> a.sentNanos > m.answeredNanos))
                .map(m -> m.version).distinct().toList();
        Api.Answer got = api.get("/api/v1/models/" + SHARED + "/aliases/production");
        assertThat(got.status()).as("production of %s: %s", SHARED, got).isEqualTo(200);
        assertThat(got.json().get("version").asText()).as("production of %s", SHARED).isIn(allowed);
    }

    private static JsonNode withoutAliases(JsonNode version) {
        ObjectNode copy = version.deepCopy();
        copy.remove("aliases");
        return copy;
    }

    private static String registration(String version, String sha, int i) {
        return "{\"version\":\"" + version + "\",\"artifact_sha256\":\"" + sha + "\",\"metrics\":{\"map50\":0."
                + (100 + i) + "},\"tags\":{\"writer\":\"crash-test\"}}";
    }

    private static String move(String version) {
        return "{\"version\":\"" + version + "\"}";
    }

    private static String upload(Api api, byte[] bytes) {
        Api.Answer a = api.put("/api/v1/artifacts", bytes);
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().get("sha256").asText();
    }

    /** The child JVM: the class path of this test, {@code Main --data DIR serve --port 0}. */
    private Server start(Path data, String name) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path out = dir.resolve(name + ".out"), err = dir.resolve(name + ".err");
        // C1 only and the serial collector: the child starts faster on two cores; durability does not depend on them
        Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.visutility.cli.Main",
                "--data", data.toString(), "serve", "--port", "0")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        children.add(p);
        int port = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .failFast("the server exited: " + name, () -> !p.isAlive())
                .until(() -> port(out), n -> n > 0);
        Api api = new Api(port);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(() -> api.get("/health").status() == 200);
        return new Server(p, port);
    }

    private static int port(Path out) throws IOException {
        Matcher m = LISTENING.matcher(Files.readString(out));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private record Server(Process process, int port) {}

    private enum Kind { UPLOAD, REGISTER, MOVE }

    /** ACKED: a 2xx answer; REFUSED: another answer; IN_FLIGHT: sent, and the connection died unanswered. */
    private enum Outcome { PENDING, ACKED, REFUSED, IN_FLIGHT }

    /** One request of a writer, with when it was sent (made just before sending) and answered. */
    private static final class Op {
        final Kind kind;
        final int writer;
        final String model, version;
        final byte[] artifact;
        final long sentNanos;
        volatile long answeredNanos = Long.MAX_VALUE;
        volatile Outcome outcome = Outcome.PENDING;
        volatile Api.Answer answer;

        private Op(Kind kind, int writer, String model, String version, byte[] artifact) {
            this.kind = kind;
            this.writer = writer;
            this.model = model;
            this.version = version;
            this.artifact = artifact;
            this.sentNanos = System.nanoTime();
        }

        static Op of(Kind kind, int writer, String model, String version, byte[] artifact) {
            return new Op(kind, writer, model, version, artifact);
        }

        /** Sends it; the answer when it was {@code expected}, else null (the writer stops). */
        Api.Answer run(Supplier<Api.Answer> request, int expected) {
            try {
                Api.Answer a = request.get();
                answeredNanos = System.nanoTime();
                answer = a;
                outcome = a.status() == expected ? Outcome.ACKED : Outcome.REFUSED;
                return outcome == Outcome.ACKED ? a : null;
            } catch (UncheckedIOException e) {
                outcome = Outcome.IN_FLIGHT;
                return null;
            }
        }

        @Override
        public String toString() {
            return kind + " " + model + " " + version + " by writer-" + writer + ": " + outcome
                    + (answer == null ? "" : " " + answer.status());
        }
    }
}
