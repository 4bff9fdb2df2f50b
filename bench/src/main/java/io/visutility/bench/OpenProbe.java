package io.visutility.bench;

import io.visutility.Orchestrator;
import java.nio.file.Path;

/**
 * Times {@link Orchestrator#open} of a data directory — a full replay of its journal — and the heap
 * the recovered state holds. The load run starts it in a fresh JVM
 * ({@code open-probe DIR HISTOGRAM_LINES UNTIMED TIMED}): {@code UNTIMED} opens first (0 for a cold
 * open, as at a real start-up; a few to let the JIT compile the replay path), then {@code TIMED}
 * opens, each printed as a line {@code open-probe seconds=… heap_bytes=… versions=…} on stdout,
 * then {@code open-probe-cpu seconds=…}, the JVM's CPU time.
 */
final class OpenProbe {

    /** What one open measured. */
    record Result(double seconds, long heapBytes, long versions) {}

    private OpenProbe() {}

    static Result open(Path dir, int histogramLines) throws Exception {
        long before = HeapProbe.usedAfterGc();
        long start = System.nanoTime();
        try (Orchestrator o = Orchestrator.open(Fixtures.durable(dir))) {
            double seconds = (System.nanoTime() - start) / 1e9;
            long heap = HeapProbe.usedAfterGc() - before;
            if (histogramLines > 0) {
                System.err.print(HeapProbe.histogram(histogramLines));
            }
            return new Result(seconds, heap, o.registry().versionCount());
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: open-probe DIR HISTOGRAM_LINES UNTIMED TIMED");
        }
        Path dir = Path.of(args[0]);
        int histogram = Integer.parseInt(args[1]);
        int untimed = Integer.parseInt(args[2]);
        int timed = Integer.parseInt(args[3]);
        for (int i = 0; i < untimed; i++) {
            open(dir, 0);
        }
        for (int i = 0; i < timed; i++) {
            Result r = open(dir, i == 0 ? histogram : 0);
            System.out.printf("open-probe seconds=%.6f heap_bytes=%d versions=%d%n", r.seconds(), r.heapBytes(),
                    r.versions());
        }
        System.out.printf("open-probe-cpu seconds=%.3f%n", Host.ownCpuSeconds());
    }
}
