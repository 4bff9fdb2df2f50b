package io.visutility.bench;

import io.visutility.Orchestrator;
import io.visutility.registry.Registry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durable registrations per second from {@code writers} platform threads against a fresh data
 * directory with production settings (fsync on every commit). Writer w registers versions 1.0.0,
 * 1.0.1, … of its own model {@code model-w}: the commands of different writers have disjoint keys, so
 * the store can commit them in one batch (one write, one fsync). A registration counts when
 * {@link Registry#register} has returned, i.e. when it is durable and applied. Writers are platform
 * threads, or virtual threads (as behind the HTTP server) when asked.
 */
final class RegistrationLoad {

    /**
     * Registrations per second, how many commands the store committed per fsync meanwhile, and the
     * share of the machine's CPU that other processes used meanwhile.
     */
    record Result(double perSecond, double commandsPerBatch, double othersCpuShare) {}

    private RegistrationLoad() {}

    static Result run(Path dir, int writers, boolean virtual, double warmupSeconds, double seconds) throws Exception {
        Fixtures.deleteRecursively(dir);
        try (Orchestrator o = Orchestrator.open(Fixtures.durable(dir))) {
            Registry registry = o.registry();
            String sha = Fixtures.storeArtifact(registry);
            LongAdder registered = new LongAdder();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<RuntimeException> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int model = w;
                Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform();
                threads.add(builder.name("writer-" + w).start(() -> {
                    try {
                        for (int n = 0; !stop.get(); n++) {
                            registry.register(Fixtures.newVersion(sha, model, n));
                            registered.increment();
                        }
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            try {
                sleep(warmupSeconds);
                long commands0 = registry.store().commandsCommitted();
                long batches0 = registry.store().batchesCommitted();
                long count0 = registered.sum();
                double busy0 = Host.busyCpuSeconds();
                double own0 = Host.ownCpuSeconds();
                long start = System.nanoTime();
                sleep(seconds);
                long count1 = registered.sum();
                long end = System.nanoTime();
                double others = Host.busyCpuSeconds() - busy0 - (Host.ownCpuSeconds() - own0);
                long commands = registry.store().commandsCommitted() - commands0;
                long batches = registry.store().batchesCommitted() - batches0;
                if (failure.get() != null) {
                    throw failure.get();
                }
                double elapsed = (end - start) / 1e9;
                return new Result((count1 - count0) / elapsed, (double) commands / Math.max(1, batches),
                        Math.max(0, others) / (elapsed * Runtime.getRuntime().availableProcessors()));
            } finally {
                stop.set(true);
                for (Thread t : threads) {
                    t.join();
                }
            }
        } finally {
            Fixtures.deleteRecursively(dir);
        }
    }

    private static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }
}
