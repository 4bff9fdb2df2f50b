package io.visutility.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code visutility tune} against real subprocesses (python3, as this machine kind provides it). */
class TuneCommandTest {
    @TempDir
    Path dir;

    /** A program that reads x from --x=… and prints (x − 0.3)², its objective, last. */
    private Path quadratic() throws Exception {
        Path p = dir.resolve("quadratic.py");
        Files.writeString(p, """
                import os, sys
                x = float([a for a in sys.argv[1:] if a.startswith('--x=')][0][4:])
                assert os.environ['VISU_PARAM_X'] == str(x) or float(os.environ['VISU_PARAM_X']) == x
                assert os.path.isdir(os.environ['VISU_OUTPUT_DIR'])
                print('training with x =', x)
                print((x - 0.3) ** 2)
                """);
        return p;
    }

    private Path space() throws Exception {
        Path s = dir.resolve("space.json");
        Files.writeString(s, "{\"x\":{\"type\":\"float\",\"low\":0,\"high\":1}}");
        return s;
    }

    @Test
    void tunesAProgramAndReportsEveryTrialAndTheBest() throws Exception {
        CliRun r = CliRun.run(dir.resolve("data"), "tune", "--space", space().toString(), "--sampler", "random",
                "--trials", "8", "--seed", "3", "--parallel", "2", "--workdir", dir.resolve("work").toString(),
                "--json", "--", "python3", quadratic().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = r.json();
        assertThat(json.get("trials")).hasSize(8);
        double best = Double.MAX_VALUE;
        for (JsonNode t : json.get("trials")) {
            assertThat(t.get("state").asText()).isEqualTo("complete");
            double x = t.get("params").get("x").asDouble();
            assertThat(t.get("value").asDouble()).isCloseTo((x - 0.3) * (x - 0.3), org.assertj.core.data.Offset.offset(1e-9));
            best = Math.min(best, t.get("value").asDouble());
        }
        assertThat(json.get("best").get("value").asDouble()).isEqualTo(best);
        assertThat(r.err()).contains("trial 0").contains("best");
        assertThat(dir.resolve("work").resolve("trial-0.log")).content().contains("training with x =");
        assertThat(Files.exists(dir.resolve("data"))).as("tune never touches the data directory").isFalse();
    }

    @Test
    void readsTheObjectiveFromMetricsJsonAndRecordsFailedTrials() throws Exception {
        Path p = dir.resolve("flaky.py");
        Files.writeString(p, """
                import json, os, sys
                x = float(os.environ['VISU_PARAM_X'])
                if x > 0.5:
                    print('diverged', file=sys.stderr)
                    sys.exit(3)
                print(12345)  # not the objective: metrics.json wins
                json.dump({'objective': x, 'accuracy': 1 - x}, open(os.path.join(os.environ['VISU_OUTPUT_DIR'], 'metrics.json'), 'w'))
                """);
        CliRun r = CliRun.run(dir.resolve("data"), "tune", "--space", space().toString(), "--sampler", "random",
                "--trials", "10", "--seed", "1", "--workdir", dir.resolve("w").toString(), "--json", "--", "python3",
                p.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        int failed = 0;
        for (JsonNode t : r.json().get("trials")) {
            double x = t.get("params").get("x").asDouble();
            if (x > 0.5) {
                failed++;
                assertThat(t.get("state").asText()).isEqualTo("failed");
                assertThat(t.get("failure").asText()).contains("exited with status 3");
            } else {
                assertThat(t.get("value").asDouble()).isEqualTo(x);
            }
        }
        assertThat(failed).isPositive();
    }

    @Test
    void aTrialOverItsTimeoutIsKilledAndFailed() throws Exception {
        Path p = dir.resolve("slow.py");
        Files.writeString(p, "import time\ntime.sleep(60)\nprint(1)\n");
        long start = System.nanoTime();
        CliRun r = CliRun.run(dir.resolve("data"), "tune", "--space", space().toString(), "--sampler", "random",
                "--trials", "1", "--timeout", "1", "--workdir", dir.resolve("t").toString(), "--", "python3",
                p.toString());
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("timed out after 1 s").contains("no trial succeeded");
    }

    @Test
    void theDecaySamplerStopsWhenItCanNoLongerMove() throws Exception {
        Path s = dir.resolve("lr.json");
        Files.writeString(s, "{\"lr\":{\"type\":\"float\",\"low\":1e-6,\"high\":1,\"log\":true}}");
        Path p = dir.resolve("lr.py");
        Files.writeString(p, "import os\nprint(float(os.environ['VISU_PARAM_LR']))\n");
        CliRun r = CliRun.run(dir.resolve("data"), "tune", "--space", s.toString(), "--sampler", "decay",
                "--trials", "100", "--workdir", dir.resolve("d").toString(), "--", "python3", p.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("search space exhausted").contains("trial 42 ").doesNotContain("trial 43 ");
    }

    @Test
    void refusesABadSpaceOrSamplerWithOneLine() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"x\":{\"type\":\"float\",\"low\":1,\"high\":0}}");
        CliRun r = CliRun.run(dir.resolve("data"), "tune", "--space", bad.toString(), "--", "python3", "-c", "print(1)");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("invalid search space");
        CliRun s = CliRun.run(dir.resolve("data"), "tune", "--space", space().toString(), "--sampler", "annealing",
                "--", "python3", "-c", "print(1)");
        assertThat(s.exit()).isEqualTo(1);
        assertThat(s.err()).contains("unknown sampler 'annealing'");
        CliRun m = CliRun.run(dir.resolve("data"), "tune", "--space", dir.resolve("missing.json").toString(), "--",
                "python3", "-c", "print(1)");
        assertThat(m.err()).contains("no search space file");
    }
}
