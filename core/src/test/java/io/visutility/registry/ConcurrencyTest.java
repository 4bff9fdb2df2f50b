package io.visutility.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.event.Event;
import io.visutility.event.ModelVersionRegistered;
import io.visutility.journal.DataDirectoryLock;
import io.visutility.journal.FsyncPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads racing on the same models and versions: idempotent retries, checksum conflicts,
 * promotions and deprecations. No sleeps — a start latch lines the threads up and the outcomes are
 * checked afterwards against the state and the journal.
 */
class ConcurrencyTest {
    private static final int THREADS = 24;
    private static final int OPERATIONS = 40;
    private static final List<String> MODELS = List.of("detector", "segmenter");
    private static final List<String> ALIASES = List.of("production", "champion", "canary");

    @TempDir
    Path dir;

    /** What one registration attempt got back. */
    private record Attempt(String model, String version, String sha, Registration result, RegistryException refusal) {
        String key() {
            return model + "@" + version;
        }
    }

    private static <T> List<T> runTogether(int threads, List<Callable<T>> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> w : work) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return w.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void racingRegistrationsPromotionsAndDeprecationsKeepEveryInvariant() throws Exception {
        OrchestratorConfig config = TestConfig.fast(dir);
        Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
        Queue<RegistryException> otherRefusals = new ConcurrentLinkedQueue<>();
        RegistryView live;
        RegistryState liveState;
        try (Orchestrator o = Orchestrator.open(config)) {
            Registry registry = o.registry();
            List<String> shas = List.of(TestConfig.storeArtifact(registry, "A"), TestConfig.storeArtifact(registry, "B"));
            List<Callable<Void>> work = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Random random = new Random(t); // each thread's operations are fixed; only the interleaving varies
                work.add(() -> {
                    for (int i = 0; i < OPERATIONS; i++) {
                        String model = MODELS.get(random.nextInt(MODELS.size()));
                        String version = "1." + random.nextInt(8) + ".0";
                        int kind = random.nextInt(10);
                        if (kind < 6) {
                            String sha = shas.get(random.nextInt(2));
                            try {
                                Registration r = registry.register(NewVersion.of(model, version, sha));
                                attempts.add(new Attempt(model, version, sha, r, null));
                            } catch (RegistryException e) {
                                attempts.add(new Attempt(model, version, sha, null, e));
                            }
                        } else {
                            try {
                                if (kind < 9) {
                                    registry.promote(model, version, ALIASES.get(random.nextInt(ALIASES.size())));
                                } else if (version.compareTo("1.4.0") >= 0) {
                                    registry.deprecate(model, version, "deprecated by a racing thread");
                                }
                            } catch (RegistryException e) {
                                otherRefusals.add(e);
                            }
                        }
                    }
                    return null;
                });
            }

            runTogether(THREADS, work);

            Map<String, List<Attempt>> byVersion = attempts.stream().collect(Collectors.groupingBy(Attempt::key));
            for (List<Attempt> same : byVersion.values()) {
                Attempt first = same.get(0);
                ModelVersion stored = registry.get(first.model(), first.version()).orElseThrow(
                        () -> new AssertionError(first.key() + " was attempted but is not registered"));
                String winner = stored.sha256();
                assertThat(same).as("exactly one attempt created %s", first.key())
                        .filteredOn(a -> a.result() != null && a.result().created()).hasSize(1);
                for (Attempt a : same) {
                    if (a.sha().equals(winner)) {
                        assertThat(a.refusal()).as("attempt with the winning checksum for %s", a.key()).isNull();
                        assertThat(a.result().version().sha256()).isEqualTo(winner);
                        assertThat(a.result().version().id()).isEqualTo(stored.id());
                    } else {
                        assertThat(a.refusal()).as("attempt with the losing checksum for %s", a.key()).isNotNull();
                        assertThat(a.refusal().code()).isEqualTo(RegistryException.Code.CHECKSUM_CONFLICT);
                        assertThat(a.refusal()).hasMessageContaining(winner).hasMessageContaining(a.sha());
                    }
                }
            }
            assertThat(attempts).as("the race produced conflicts").anyMatch(a -> a.refusal() != null);
            assertThat(attempts).as("the race produced retries").anyMatch(a -> a.result() != null
                    && !a.result().created());
            assertThat(registry.versionCount()).isEqualTo(byVersion.size());
            assertThat(otherRefusals).extracting(RegistryException::code)
                    .allMatch(c -> c == RegistryException.Code.NOT_FOUND || c == RegistryException.Code.DEPRECATED);

            List<Event> journal = new ArrayList<>();
            registry.store().replay(1, registry.store().committedPosition(), e -> journal.add(e.event()));
            assertThat(journal).filteredOn(ModelVersionRegistered.class::isInstance).hasSize(byVersion.size());
            assertThat(registry.store().commandsCommitted()).isEqualTo(journal.size());

            RegistryInvariants.check(registry);
            assertThat(registry.models()).anyMatch(m -> !m.aliases().isEmpty());
            live = RegistryView.of(registry);
            liveState = (RegistryState) registry.store().state();
        }
        try (Orchestrator o = Orchestrator.open(config)) {
            assertThat(RegistryView.of(o.registry())).isEqualTo(live);
            assertThat((RegistryState) o.registry().store().state()).isEqualTo(liveState);
        }
    }

    @Test
    void concurrentWritersShareCommitBatchesWhenEveryCommitIsFsynced() throws Exception {
        int writers = 32;
        int each = 8;
        try (Orchestrator o = Orchestrator.open(TestConfig.fast(dir).withFsync(FsyncPolicy.ALWAYS))) {
            Registry registry = o.registry();
            String sha = TestConfig.storeArtifact(registry, "weights");
            List<Callable<Void>> work = new ArrayList<>();
            for (int t = 0; t < writers; t++) {
                String model = "model-" + t;
                work.add(() -> {
                    for (int i = 0; i < each; i++) {
                        registry.register(NewVersion.of(model, "1.0." + i, sha));
                    }
                    return null;
                });
            }

            runTogether(writers, work);

            assertThat(registry.store().commandsCommitted()).isEqualTo(writers * each);
            assertThat(registry.store().batchesCommitted()).isLessThan(registry.store().commandsCommitted());
            assertThat(registry.versionCount()).isEqualTo(writers * each);
        }
    }

    @Test
    void aSecondOpenOfTheSameDataDirectoryIsRefusedUntilTheFirstCloses() throws IOException {
        OrchestratorConfig config = TestConfig.fast(dir);
        try (Orchestrator o = Orchestrator.open(config)) {
            assertThatThrownBy(() -> Orchestrator.open(config))
                    .isInstanceOf(DataDirectoryLock.DataDirectoryLockedException.class)
                    .hasMessageContaining(dir.toString());
            assertThat(o.registry().models()).isEmpty();
        }
        try (Orchestrator o = Orchestrator.open(config)) {
            assertThat(o.registry().models()).isEmpty();
        }
    }
}
