package io.visutility.bench;

import io.visutility.Orchestrator;
import io.visutility.registry.Registry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One writer's durable registrations per second against the disk's raw fsync rate, measured
 * interleaved: one thread alternates 100-ms slices of registering (production settings, fsync on
 * every commit) and of the raw append-and-fdatasync loop of {@link FsyncProbe}, on the same disk, so
 * that both see the same contention from other processes and their ratio is fair even when the
 * disk's rate drifts minute to minute.
 */
final class SingleWriterLoad {
    private static final long SLICE_NANOS = 100_000_000;

    /** Both rates, each over the same total time. */
    record Result(double registrationsPerSecond, double fsyncsPerSecond) {
        double ratio() {
            return registrationsPerSecond / fsyncsPerSecond;
        }
    }

    private SingleWriterLoad() {}

    static Result run(Path dir, boolean virtual, double warmupSeconds, double seconds) throws Exception {
        Fixtures.deleteRecursively(dir);
        Result[] result = new Result[1];
        Exception[] failure = new Exception[1];
        Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform();
        try (Orchestrator o = Orchestrator.open(Fixtures.durable(dir));
                FileChannel probe = FileChannel.open(dir.resolve("fsync-probe.bin"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            Thread t = builder.name("writer-0").start(() -> {
                try {
                    result[0] = interleave(o.registry(), probe, warmupSeconds, seconds);
                } catch (Exception e) {
                    failure[0] = e;
                }
            });
            t.join();
        } finally {
            Fixtures.deleteRecursively(dir);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return result[0];
    }

    private static Result interleave(Registry registry, FileChannel probe, double warmupSeconds, double seconds)
            throws IOException {
        String sha = Fixtures.storeArtifact(registry);
        FsyncProbe raw = new FsyncProbe(probe);
        int n = 0;
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (System.nanoTime() < warmupEnd) {
            registry.register(Fixtures.newVersion(sha, 0, n++));
        }
        long budget = (long) (seconds * 1e9);
        long regNanos = 0;
        long regCount = 0;
        long fsyncNanos = 0;
        long fsyncCount = 0;
        while (regNanos < budget || fsyncNanos < budget) {
            long start = System.nanoTime();
            long end = start + SLICE_NANOS;
            long now;
            do {
                registry.register(Fixtures.newVersion(sha, 0, n++));
                regCount++;
                now = System.nanoTime();
            } while (now < end);
            regNanos += now - start;
            start = now;
            end = start + SLICE_NANOS;
            do {
                raw.appendAndSync();
                fsyncCount++;
                now = System.nanoTime();
            } while (now < end);
            fsyncNanos += now - start;
        }
        return new Result(regCount / (regNanos / 1e9), fsyncCount / (fsyncNanos / 1e9));
    }
}
