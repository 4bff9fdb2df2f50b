package io.visutility.retrain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The training program of an attempt, remembered in a file beside its log ({@code pid} and start
 * time), so that after the orchestrator was killed the next start can stop a program that outlived
 * it — a kill -9 takes the JVM but not its children. The start time guards against a reused pid.
 */
final class TrainerProcess {
    static final String FILE = "trainer.pid";
    private static final System.Logger LOG = System.getLogger(TrainerProcess.class.getName());

    private TrainerProcess() {}

    static void record(Path file, ProcessHandle process) {
        String start = process.info().startInstant().map(Instant::toString).orElse("-");
        try {
            Files.writeString(file, process.pid() + " " + start + "\n");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot record the training program's pid in " + file + ": " + e);
        }
    }

    /**
     * Kills the recorded program and its descendants if it is still running. Returns the pid killed.
     */
    static Optional<Long> killIfRunning(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String[] f;
        try {
            f = Files.readString(file).trim().split(" ");
        } catch (IOException e) {
            return Optional.empty();
        }
        if (f.length != 2) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(f[0]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().startInstant().map(Instant::toString).orElse("-").equals(f[1]));
        handle.ifPresent(h -> {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        });
        return handle.map(ProcessHandle::pid);
    }
}
