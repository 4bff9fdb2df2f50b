package io.visutility.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subprocesses: argument lists taken literally, bounded logs, and whole process trees killed on timeout. */
class CommandRunnerTest {
    @TempDir
    Path dir;

    private final CommandRunner runner = new CommandRunner();

    @Test
    void passesArgumentsLiterallyNeverThroughAShell() throws Exception {
        String tricky = "a; rm -rf / $HOME `id` \"q\"";
        CommandRunner.Result r = runner.run(List.of("python3", "-c", "import sys, os; print(sys.argv[1]); print(os.environ['VISU_X'])", tricky),
                Map.of("VISU_X", "42"), dir, dir.resolve("log"), 1 << 20, Duration.ofSeconds(30));
        assertThat(r.succeeded()).isTrue();
        assertThat(r.stdoutTail()).isEqualTo(tricky + "\n42\n");
        assertThat(ProgramObjective.lastNumber(r.stdoutTail())).isEqualTo(42.0);
    }

    @Test
    void boundsTheLogAndSaysSo() throws Exception {
        CommandRunner.Result r = runner.run(List.of("python3", "-c", "print('x' * 100000)"), Map.of(), dir,
                dir.resolve("log"), 1_000, Duration.ofSeconds(30));
        assertThat(r.logTruncated()).isTrue();
        String log = Files.readString(dir.resolve("log"));
        assertThat(log).startsWith("x".repeat(1_000)).contains("[log truncated at 1000 bytes]");
        assertThat(log.length()).isLessThan(1_100);
    }

    @Test
    void killsTheWholeProcessTreeOnTimeout() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        String script = "import subprocess, sys, time\n"
                + "c = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
                + "open(sys.argv[1], 'w').write(str(c.pid))\n"
                + "time.sleep(120)\n";
        CommandRunner.Result r = runner.run(List.of("python3", "-c", script, pidFile.toString()), Map.of(), dir,
                dir.resolve("log"), 1 << 20, Duration.ofSeconds(2));
        assertThat(r.timedOut()).isTrue();
        assertThat(r.succeeded()).isFalse();
        long child = Long.parseLong(Files.readString(pidFile).trim());
        await().atMost(10, TimeUnit.SECONDS).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void aProgramThatCannotStartIsNamed() {
        assertThatThrownBy(() -> runner.run(List.of("/no/such/program"), Map.of(), dir, dir.resolve("log"), 1_000,
                Duration.ofSeconds(5))).hasMessageContaining("cannot start '/no/such/program'");
    }

    @Test
    void aBackgroundProcessHoldingStdoutAfterTheProgramExitedDoesNotHangTheRun() throws Exception {
        // the program outlives its first output by 0.3 s, so the pump is blocked reading the pipe when the
        // program exits; the JDK then cannot drain the pipe itself, and the orphan's copy keeps it open
        Path pidFile = dir.resolve("bg.pid");
        long start = System.nanoTime();
        CommandRunner.Result r = runner.run(List.of("/bin/sh", "-c", "echo started; sleep 60 & echo $! > " + pidFile
                + "; sleep 0.3; exit 0"), Map.of(), dir, dir.resolve("bg.log"), 10_000, java.time.Duration.ofSeconds(30));
        try {
            assertThat(r.exitCode()).isZero();
            assertThat(r.timedOut()).isFalse();
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(30));
            assertThat(java.nio.file.Files.readString(dir.resolve("bg.log"))).startsWith("started\n")
                    .contains("[output after the program exited is not captured");
        } finally {
            ProcessHandle.of(Long.parseLong(java.nio.file.Files.readString(pidFile).trim()))
                    .ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
