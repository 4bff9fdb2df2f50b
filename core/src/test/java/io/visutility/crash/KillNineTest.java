package io.visutility.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.registry.ModelSummary;
import io.visutility.registry.ModelVersion;
import io.visutility.registry.Registry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a registering JVM with SIGKILL at random moments and checks, after each restart, that
 * every acknowledged write is there and the registry's invariants hold. State accumulates across
 * rounds in one data directory, so later rounds recover from snapshots, rolled segments and earlier
 * torn tails.
 */
class KillNineTest {
    private static final int ROUNDS = 20;
    private static final int THREADS = 12;

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        Path data = tmp.resolve("data");
        Random random = new Random(20261123);
        Map<String, String> acked = new HashMap<>(); // "model version" -> sha
        List<String> deprecated = new ArrayList<>();
        int totalAcks = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            int killAfter = 20 + random.nextInt(400);
            List<String> lines = runAndKill(data, round, killAfter);
            for (String line : lines) {
                String[] f = line.split(" ");
                if (f.length != (f[0].equals("ACK") ? 4 : 3)) {
                    continue; // a line cut short by the kill was never a complete acknowledgement
                }
                switch (f[0]) {
                    case "ACK" -> acked.put(f[1] + " " + f[2], f[3]);
                    case "DEPRECATED" -> deprecated.add(f[1] + " " + f[2]);
                    default -> { }
                }
            }
            totalAcks += lines.size();
            try (Orchestrator o = Orchestrator.open(OrchestratorConfig.of(data))) {
                Registry r = o.registry();
                for (Map.Entry<String, String> e : acked.entrySet()) {
                    String[] mv = e.getKey().split(" ");
                    ModelVersion v = r.get(mv[0], mv[1]).orElse(null);
                    assertThat(v).as("acknowledged %s after round %d", e.getKey(), round).isNotNull();
                    assertThat(v.sha256()).isEqualTo(e.getValue());
                }
                for (String d : deprecated) {
                    String[] mv = d.split(" ");
                    assertThat(r.get(mv[0], mv[1]).orElseThrow().deprecated()).as("deprecated %s", d).isTrue();
                }
                for (ModelSummary m : r.models()) {
                    List<ModelVersion> versions = r.versions(m.name());
                    assertThat(versions.stream().map(ModelVersion::version).distinct().count()).isEqualTo(versions.size());
                    long holders = versions.stream().filter(v -> v.aliases().contains(Registry.PRODUCTION)).count();
                    assertThat(holders).isLessThanOrEqualTo(1);
                    assertThat(versions).noneMatch(v -> v.deprecated() && !v.aliases().isEmpty());
                    m.latestVersion().ifPresent(l -> assertThat(l).isEqualTo(versions.stream()
                            .filter(v -> !v.deprecated()).reduce((a, b) -> b).orElseThrow().version()));
                }
            }
        }
        assertThat(totalAcks).isGreaterThan(ROUNDS * 20);
    }

    /** Starts a child, waits for {@code killAfter} acknowledgements, SIGKILLs it, returns its lines. */
    private List<String> runAndKill(Path data, int round, int killAfter) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), data.toString(), Integer.toString(round), Integer.toString(THREADS))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            int acks = 0;
            while ((line = in.readLine()) != null) {
                if (line.equals("READY")) {
                    continue;
                }
                lines.add(line);
                if (++acks >= killAfter) {
                    child.destroyForcibly(); // SIGKILL on Linux
                    break;
                }
            }
            // Lines already printed before the kill are acknowledgements too.
            while (in.ready() && (line = in.readLine()) != null) {
                lines.add(line);
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(lines).as("round %d output", round).isNotEmpty();
        return lines;
    }
}
