package io.visutility.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.registry.ModelSummary;
import io.visutility.registry.ModelVersion;
import io.visutility.registry.Registry;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that registers, promotes and deprecates from {@value #THREADS} threads (fsync on every
 * commit) with SIGKILL at a random moment, reopens its data directory in this JVM and checks that
 * every acknowledged operation survived and that the registry is exactly what some prefix of each
 * thread's operations makes it. The data directory is reused, so each round also recovers from the
 * snapshots, rolled segments and torn tails of the rounds before.
 *
 * <p>Each thread runs its model's operations one after another (see {@link Workload}), so for each
 * model the durable operations are the acknowledged ones plus, at most, the one that was in flight:
 * the test keeps a model of each registry model's state and requires the recovered state to equal
 * one of those two.
 */
class KillNineTest {
    private static final int ROUNDS = 24;
    private static final int THREADS = 12;

    @TempDir
    Path tmp;

    /** A version as the test expects it. */
    record Expected(String sha, boolean deprecated) {}

    /** The expected state of one registry model: versions in order, and who holds {@code production}. */
    record ModelState(TreeMap<Long, String> order, Map<String, Expected> versions, String production) {
        static ModelState empty() {
            return new ModelState(new TreeMap<>(), new HashMap<>(), null);
        }

        ModelState apply(Workload.Op op) {
            TreeMap<Long, String> o = new TreeMap<>(order);
            Map<String, Expected> v = new HashMap<>(versions);
            String p = production;
            switch (op.kind()) {
                case REGISTER -> {
                    o.put(op.round() * 1_000_000L + op.n(), op.version());
                    v.put(op.version(), new Expected(Workload.sha256(op.round()), false));
                }
                case PROMOTE -> p = op.version();
                case DEPRECATE -> {
                    v.put(op.version(), new Expected(v.get(op.version()).sha(), true));
                    if (op.version().equals(p)) {
                        p = null;
                    }
                }
            }
            return new ModelState(o, v, p);
        }

        /** One line per version in version order, then the alias. */
        List<String> lines() {
            List<String> out = new ArrayList<>();
            for (String version : order.values()) {
                Expected e = versions.get(version);
                out.add(line(version, e.sha(), e.deprecated(), version.equals(production)));
            }
            out.add("production=" + (production == null ? "-" : production));
            return out;
        }
    }

    private static String line(String version, String sha, boolean deprecated, boolean production) {
        return version + " " + sha + (deprecated ? " deprecated" : "") + (production ? " [production]" : "");
    }

    @Test
    void everyAcknowledgedWriteSurvivesSigkillAndTheRegistryStaysConsistent() throws Exception {
        Path data = tmp.resolve("data");
        Random random = new Random(20_261_123);
        Map<String, ModelState> state = new HashMap<>();
        for (int t = 0; t < THREADS; t++) {
            state.put(Workload.model(t), ModelState.empty());
        }
        List<String> registrations = new ArrayList<>(); // every ACK line of every round
        int acknowledged = 0;
        int inFlightSurvived = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            int killAfter = 1 + random.nextInt(random.nextBoolean() ? 30 : 300);
            List<String> lines = runAndKill(data, round, killAfter);
            Map<String, List<String>> linesByModel = new HashMap<>();
            for (String line : lines) {
                linesByModel.computeIfAbsent(line.split(" ")[1], m -> new ArrayList<>()).add(line);
                if (line.startsWith("ACK ")) {
                    registrations.add(line);
                }
            }
            acknowledged += lines.size();

            try (Orchestrator o = Orchestrator.open(OrchestratorConfig.of(data).withStore(Workload.STORE))) {
                Registry registry = o.registry();
                for (String line : registrations) {
                    String[] f = line.split(" ");
                    assertThat(registry.get(f[1], f[2])).as("acknowledged registration %s after round %d", line, round)
                            .hasValueSatisfying(v -> assertThat(v.sha256()).isEqualTo(f[3]));
                }
                for (int t = 0; t < THREADS; t++) {
                    String model = Workload.model(t);
                    List<String> acks = linesByModel.getOrDefault(model, List.of());
                    List<Workload.Op> ops = Workload.operations(model, round, acks.size() + 1);
                    assertThat(acks).as("what the child acknowledged for %s in round %d", model, round)
                            .containsExactlyElementsOf(ops.subList(0, acks.size()).stream().map(Workload.Op::ackLine).toList());
                    ModelState ackedOnly = state.get(model);
                    for (Workload.Op op : ops.subList(0, acks.size())) {
                        ackedOnly = ackedOnly.apply(op);
                    }
                    ModelState withInFlight = ackedOnly.apply(ops.get(acks.size()));
                    List<String> recovered = recovered(registry, model);
                    if (recovered.equals(withInFlight.lines())) {
                        state.put(model, withInFlight);
                        inFlightSurvived++;
                    } else {
                        assertThat(recovered).as("%s after round %d: the acknowledged operations, or those and the"
                                + " one in flight (%s)", model, round, withInFlight.lines())
                                .containsExactlyElementsOf(ackedOnly.lines());
                        state.put(model, ackedOnly);
                    }
                }
                assertInvariants(registry);
            }
        }
        assertThat(acknowledged).as("acknowledged operations over %d rounds", ROUNDS).isGreaterThan(ROUNDS * 20);
        try (var snapshots = Files.list(data.resolve("snapshots"))) {
            assertThat(snapshots.map(p -> p.getFileName().toString()))
                    .as("children were also killed around compactions").anyMatch(n -> n.endsWith(".snap"));
        }
        System.out.printf("%d rounds, %d acknowledged operations, %d unacknowledged in-flight operations survived%n",
                ROUNDS, acknowledged, inFlightSurvived);
    }

    private static List<String> recovered(Registry registry, String model) {
        boolean exists = registry.models().stream().anyMatch(m -> m.name().equals(model));
        if (!exists) {
            return ModelState.empty().lines();
        }
        List<String> out = new ArrayList<>();
        for (ModelVersion v : registry.versions(model)) {
            out.add(line(v.version(), v.sha256(), v.deprecated(), v.aliases().contains(Registry.PRODUCTION)));
        }
        out.add("production=" + registry.alias(model, Registry.PRODUCTION).map(ModelVersion::version).orElse("-"));
        return out;
    }

    /** Each version once; exactly one holder per alias; no deprecated version holds one. */
    private static void assertInvariants(Registry registry) {
        long total = 0;
        for (ModelSummary m : registry.models()) {
            List<ModelVersion> versions = registry.versions(m.name());
            assertThat(versions).extracting(ModelVersion::version).doesNotHaveDuplicates().hasSize(m.versions());
            total += versions.size();
            m.aliases().forEach((alias, holder) -> assertThat(versions)
                    .filteredOn(v -> v.aliases().contains(alias)).as("holders of %s of %s", alias, m.name())
                    .extracting(ModelVersion::version).containsExactly(holder));
            assertThat(versions).as("deprecated versions of %s", m.name())
                    .noneMatch(v -> v.deprecated() && !v.aliases().isEmpty());
        }
        assertThat(registry.versionCount()).isEqualTo(total);
    }

    /**
     * Starts a child, watches its acknowledgements until {@code killAfter} of them arrived, SIGKILLs it
     * and returns every complete line it acknowledged (a line the kill cut short was never a complete
     * acknowledgement). A watchdog kills a child that stops making progress.
     */
    private List<String> runAndKill(Path data, int round, int killAfter) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path stderr = tmp.resolve("child-" + round + ".err");
        Path ackFile = tmp.resolve("child-" + round + ".acks");
        Process child = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), CrashChild.class.getName(), data.toString(),
                Integer.toString(round), Integer.toString(THREADS), ackFile.toString())
                .redirectError(stderr.toFile()).start();
        CompletableFuture.runAsync(child::destroyForcibly, CompletableFuture.delayedExecutor(30, TimeUnit.SECONDS));
        int seen = 0;
        boolean killed = false;
        try (InputStream in = new BufferedInputStream(child.getInputStream())) {
            int b;
            while (!killed && (b = in.read()) >= 0) {
                if (b == '\n' && ++seen > killAfter) { // the first line is READY
                    child.destroyForcibly(); // SIGKILL on Linux
                    killed = true;
                }
            }
        } catch (IOException e) {
            // the output of a process that died under us may be closed mid-read
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(killed).as("round %d: the child stopped after %d of %d acknowledgements; its stderr:%n%s", round,
                Math.max(0, seen - 1), killAfter, Files.readString(stderr)).isTrue();
        String acks = Files.exists(ackFile) ? Files.readString(ackFile) : "";
        List<String> lines = new ArrayList<>(List.of(acks.split("\n", -1)));
        lines.remove(lines.size() - 1); // empty, or a line the kill cut short
        assertThat(lines.size()).as("acknowledgements on file cover those seen on the pipe").isGreaterThanOrEqualTo(killAfter);
        return lines;
    }
}
