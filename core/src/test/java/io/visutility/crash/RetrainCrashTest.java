package io.visutility.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.registry.JobState;
import io.visutility.registry.RetrainJob;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of the orchestrator while a retrain job's training program runs: the next start finds the
 * job interrupted, stops the training program the dead JVM left behind, and retries the job.
 */
class RetrainCrashTest {
    @TempDir
    Path tmp;

    @Test
    void aKilledOrchestratorsRunningJobIsInterruptedItsProgramStoppedAndTheJobRetried() throws Exception {
        Path data = tmp.resolve("data");
        Path sleeperPid = tmp.resolve("sleeper.pid");
        // the first attempt hangs (and is killed with the JVM); a retry trains at once
        Path train = Files.writeString(tmp.resolve("train.sh"), """
                if [ "$VISU_ATTEMPT" = 1 ]; then sleep 300 & echo $! > %s; wait; fi
                printf 'new weights' > "$VISU_OUTPUT_DIR/model.bin"
                echo '{"accuracy": 0.9}' > "$VISU_OUTPUT_DIR/metrics.json"
                """.formatted(sleeperPid));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), RetrainCrashChild.class.getName(), data.toString(),
                train.toString()).redirectError(tmp.resolve("child.err").toFile()).start();
        String jobId;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("child stderr: %s", Files.readString(tmp.resolve("child.err"))).startsWith("RUNNING ");
            jobId = line.substring("RUNNING ".length());
            // the attempt is journaled as started before its program runs: kill only once the program has
            // forked and the JVM has recorded its pid (a JVM killed between the two leaves an orphan nobody
            // can find — a window of microseconds, not what this test is about)
            Path recorded = data.resolve("jobs").resolve(jobId).resolve("attempt-1").resolve("trainer.pid");
            await().atMost(20, TimeUnit.SECONDS).until(() -> Files.exists(sleeperPid)
                    && !Files.readString(sleeperPid).isBlank() && Files.exists(recorded)
                    && Files.readString(recorded).endsWith("\n"));
        } finally {
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        long sleeper = Long.parseLong(Files.readString(sleeperPid).trim());
        assertThat(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false))
                .as("the training program outlived the killed JVM").isTrue();

        try (Orchestrator o = Orchestrator.open(OrchestratorConfig.of(data))) {
            // stopped during open, before anything else could run
            ProcessHandle.of(sleeper).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
            await().atMost(30, TimeUnit.SECONDS).until(() -> !o.registry().jobs().get(jobId).orElseThrow().active());
            RetrainJob done = o.registry().jobs().get(jobId).orElseThrow();
            assertThat(done.state()).as(String.valueOf(done.failure())).isEqualTo(JobState.SUCCEEDED);
            assertThat(done.attempts()).isEqualTo(2);
            assertThat(done.newVersion()).isEqualTo("1.0.1");
            assertThat(o.registry().jobs().list("gate")).as("the retry, not a second job").hasSize(1);
        }
    }
}
