package io.visutility.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.journal.FsyncPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
    private static final int THREADS = 16;

    @TempDir
    Path tmp;

    @Test
    void concurrentRegistrationsPromotionsAndDeprecationsKeepTheInvariants() throws Exception {
        OrchestratorConfig config = TestRegistries.config(tmp.resolve("data"));
        Map<String, String> winners = new ConcurrentHashMap<>(); // model@version -> sha that won
        AtomicInteger conflicts = new AtomicInteger();
        AtomicInteger idempotent = new AtomicInteger();
        String live;
        try (Orchestrator o = TestRegistries.open(config)) {
            Registry r = o.registry();
            String[] shas = {TestRegistries.store(r, "a"), TestRegistries.store(r, "b")};
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 60; i++) {
                        // threads share models and versions, so the same version is registered
                        // concurrently with the same and with different checksums
                        String model = "m" + (i % 3);
                        String version = "1." + (i % 10) + ".0";
                        String sha = shas[(thread + i) % 2 == 0 ? 0 : 1];
                        try {
                            Registration reg = r.register(NewVersion.of(model, version, sha));
                            String previous = winners.putIfAbsent(model + "@" + version, sha);
                            assertThat(previous == null || previous.equals(sha)).isTrue();
                            if (!reg.created()) {
                                idempotent.incrementAndGet();
                            }
                        } catch (RegistryException e) {
                            assertThat(e.code()).isEqualTo(RegistryException.Code.CHECKSUM_CONFLICT);
                            conflicts.incrementAndGet();
                        }
                        try {
                            if (i % 4 == thread % 4) {
                                r.promote(model, version, thread % 2 == 0 ? "production" : "champion");
                            }
                            if (i % 9 == thread % 9 && i > 30) {
                                r.deprecate(model, version, "thread " + thread);
                            }
                        } catch (RegistryException e) {
                            assertThat(e.code()).isIn(RegistryException.Code.DEPRECATED, RegistryException.Code.NOT_FOUND);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            assertThat(conflicts.get()).isPositive();
            assertThat(idempotent.get()).isPositive();
            for (Map.Entry<String, String> w : winners.entrySet()) {
                String[] mv = w.getKey().split("@");
                assertThat(r.get(mv[0], mv[1]).orElseThrow().sha256()).isEqualTo(w.getValue());
            }
            assertThat(r.versionCount()).isEqualTo(winners.size());
            ReplayEquivalenceProperties.checkInvariants(r);
            live = TestRegistries.observable(r);
        }
        try (Orchestrator o = TestRegistries.open(config)) {
            assertThat(TestRegistries.observable(o.registry())).isEqualTo(live);
        }
    }

    @Test
    void concurrentWritersShareCommitBatches() throws Exception {
        OrchestratorConfig config = TestRegistries.config(tmp.resolve("fsync")).withFsync(FsyncPolicy.ALWAYS);
        try (Orchestrator o = TestRegistries.open(config)) {
            Registry r = o.registry();
            String sha = TestRegistries.store(r, "w");
            ExecutorService pool = Executors.newFixedThreadPool(32);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        r.register(NewVersion.of("m" + thread, "1.0." + i, sha));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            assertThat(r.store().commandsCommitted()).isEqualTo(32 * 30);
            assertThat(r.store().batchesCommitted()).isLessThan(r.store().commandsCommitted() / 2);
        }
    }

    @Test
    void aSecondOpenOfTheSameDataDirectoryIsRefused() throws IOException {
        OrchestratorConfig config = TestRegistries.config(tmp.resolve("locked"));
        try (Orchestrator o = TestRegistries.open(config)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Orchestrator.open(config))
                    .isInstanceOf(io.visutility.journal.DataDirectoryLock.DataDirectoryLockedException.class)
                    .hasMessageContaining("is in use by another process");
        }
        try (Orchestrator o = TestRegistries.open(config)) {
            assertThat(o.registry().models()).isEmpty();
        }
    }
}
