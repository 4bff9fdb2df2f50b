package io.visutility.bench;

import io.visutility.Orchestrator;
import io.visutility.registry.ModelVersion;
import io.visutility.registry.Registry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link Registry#latest} lookups per second from several threads over a registry of
 * {@code models × perModel} versions; each thread walks the model names round-robin from its own
 * offset. A simple loop, so that the load run covers lookups too; {@link LatestBenchmark} is the JMH
 * measurement of the same thing.
 */
final class LatestLoad implements AutoCloseable {
    private final Path dir;
    private final Orchestrator orchestrator;
    private final String[] models;

    private LatestLoad(Path dir, Orchestrator orchestrator, String[] models) {
        this.dir = dir;
        this.orchestrator = orchestrator;
        this.models = models;
    }

    static LatestLoad prepare(Path dir, int models, int perModel) throws Exception {
        Fixtures.deleteRecursively(dir);
        Orchestrator o = Orchestrator.open(Fixtures.loading(dir));
        try {
            Fixtures.load(o.registry(), models, perModel, 16, false);
        } catch (Exception | Error e) {
            o.close();
            throw e;
        }
        String[] names = new String[models];
        for (int m = 0; m < models; m++) {
            names[m] = Fixtures.model(m);
        }
        return new LatestLoad(dir, o, names);
    }

    /** Lookups per second from {@code threads} threads over {@code seconds}. */
    double measure(int threads, double seconds) throws InterruptedException {
        Registry registry = orchestrator.registry();
        LongAdder lookups = new LongAdder();
        LongAdder sink = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t * models.length / threads;
            workers.add(Thread.ofPlatform().name("reader-" + t).start(() -> {
                long n = 0;
                long h = 0;
                int i = offset;
                while (!stop.get()) {
                    for (int k = 0; k < 1024; k++) {
                        ModelVersion v = registry.latest(models[i], false).orElseThrow();
                        h += v.size();
                        i = i + 1 == models.length ? 0 : i + 1;
                    }
                    n += 1024;
                }
                lookups.add(n);
                sink.add(h); // keeps the lookups observable to the JIT
            }));
        }
        long start = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        long end = System.nanoTime();
        if (sink.sum() == Long.MIN_VALUE) {
            System.err.println("unreachable");
        }
        return lookups.sum() / ((end - start) / 1e9);
    }

    @Override
    public void close() throws IOException {
        try {
            orchestrator.close();
        } finally {
            Fixtures.deleteRecursively(dir);
        }
    }
}
