package io.visutility.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.registry.NewVersion;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process at a time owns a data directory; the OS lock goes away with the process, even on kill -9. */
class DataDirectoryLockTest {
    @TempDir
    Path tmp;

    private Path data() {
        return tmp.resolve("data");
    }

    private OrchestratorConfig config() {
        return OrchestratorConfig.of(data()).withFsync(FsyncPolicy.NONE);
    }

    /** Starts {@link LockProbe} in a new JVM; a watchdog kills it if the test hangs. */
    private Process probe(String mode) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                LockProbe.class.getName(), mode, data().toString())
                .redirectError(tmp.resolve(mode + "-stderr.txt").toFile()).start();
        CompletableFuture.runAsync(p::destroyForcibly, CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS));
        return p;
    }

    private String firstLine(Process p, String mode) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("output of the %s probe; its stderr: %s", mode,
                Files.readString(tmp.resolve(mode + "-stderr.txt"))).isNotNull();
        return line;
    }

    @Test
    void aSecondOpenInTheSameProcessIsRefusedWithAClearMessage() throws IOException {
        try (Orchestrator first = Orchestrator.open(config())) {
            assertThatThrownBy(() -> Orchestrator.open(config()))
                    .isInstanceOf(DataDirectoryLock.DataDirectoryLockedException.class)
                    .hasMessage("data directory " + data().toAbsolutePath() + " is already open in this process (pid "
                            + ProcessHandle.current().pid() + "); close it first or use another --data directory");

            String sha = first.registry().artifacts().put(new ByteArrayInputStream(new byte[] {1})).sha256();
            assertThat(first.registry().register(NewVersion.of("detector", "1.0.0", sha)).created())
                    .as("the owner is unaffected").isTrue();
        }
        try (Orchestrator again = Orchestrator.open(config())) {
            assertThat(again.registry().versionCount()).isEqualTo(1);
        }
    }

    @Test
    void aRefusedOpenInTheSameProcessKeepsOtherProcessesLockedOut() throws Exception {
        try (Orchestrator first = Orchestrator.open(config())) {
            assertThatThrownBy(() -> Orchestrator.open(config()))
                    .isInstanceOf(DataDirectoryLock.DataDirectoryLockedException.class);
            assertThat(first.dataDir()).isEqualTo(data());

            Process other = probe("try");
            String answer = firstLine(other, "try");
            assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(answer).as("another process opening the directory we own")
                    .isEqualTo("REFUSED data directory " + data().toAbsolutePath() + " is in use by another process"
                            + " (pid " + ProcessHandle.current().pid() + "); stop it or use another --data directory");
        }
    }

    @Test
    void anotherProcessHoldingTheDirectoryLocksUsOutUntilItIsKilled() throws Exception {
        Process holder = probe("hold");
        try {
            String locked = firstLine(holder, "hold");
            assertThat(locked).isEqualTo("LOCKED " + holder.pid());

            assertThatThrownBy(() -> Orchestrator.open(config()))
                    .isInstanceOf(DataDirectoryLock.DataDirectoryLockedException.class)
                    .hasMessage("data directory " + data().toAbsolutePath() + " is in use by another process (pid "
                            + holder.pid() + "); stop it or use another --data directory");
        } finally {
            holder.destroyForcibly(); // SIGKILL: the holder cannot release anything itself
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (Orchestrator o = Orchestrator.open(config())) {
            assertThat(o.registry().versionCount()).isZero();
        }
    }
}
