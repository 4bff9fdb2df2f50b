package io.visutility.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import io.visutility.OrchestratorConfig;
import io.visutility.event.Lineage;
import io.visutility.journal.FsyncPolicy;
import io.visutility.journal.JournalOptions;
import io.visutility.registry.NewVersion;
import io.visutility.registry.Registry;
import io.visutility.store.StoreOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * What the benchmarks register: model {@code model-<m>}, its n-th version {@code 1.<n/1000>.<n%1000>}
 * (so, as in practice, the same version numbers recur across models; with {@code distinct} the major
 * is {@code m+1} instead, so that no two models share one), one artifact per data directory, and
 * small realistic metadata — one metric ({@code map50}, a double that varies by version) and one tag
 * ({@code dataset}, one of ten values) per version.
 */
final class Fixtures {
    static final String METRIC = "map50";
    static final String TAG = "dataset";

    private Fixtures() {}

    static String model(int m) {
        return "model-" + m;
    }

    static String version(int model, int n, boolean distinct) {
        return (distinct ? model + 1 : 1) + "." + n / 1000 + "." + n % 1000;
    }

    static NewVersion newVersion(String sha256, int model, int n) {
        return newVersion(sha256, model, n, false);
    }

    static NewVersion newVersion(String sha256, int model, int n, boolean distinct) {
        Map<String, JsonNode> metrics = Map.of(METRIC, DoubleNode.valueOf(0.5 + (n % 1000) / 2000.0));
        return new NewVersion(model(model), version(model, n, distinct), sha256, metrics,
                Map.of(TAG, "cams-" + model % 10), Map.of(), Lineage.NONE);
    }

    /** Stores the (tiny) artifact every registration refers to and returns its checksum. */
    static String storeArtifact(Registry registry) {
        try {
            return registry.artifacts().put(new ByteArrayInputStream("weights".getBytes(StandardCharsets.UTF_8)))
                    .sha256();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Production settings: fsync on every commit, system clock, random ids. */
    static OrchestratorConfig durable(Path dir) {
        return OrchestratorConfig.of(dir);
    }

    /**
     * For building large states fast: no fsync, and no snapshots, so that the whole history stays in
     * the journal and an open replays every record.
     */
    static OrchestratorConfig loading(Path dir) {
        return OrchestratorConfig.of(dir).withStore(StoreOptions.defaults()
                .withJournal(JournalOptions.defaults().withFsync(FsyncPolicy.NONE))
                .withSnapshotEvery(Long.MAX_VALUE));
    }

    /**
     * Registers {@code perModel} versions of each of {@code models} models from {@code threads}
     * threads (thread t takes the models m with m % threads == t), so that commits are batched.
     */
    static void load(Registry registry, int models, int perModel, int threads, boolean distinct)
            throws InterruptedException {
        String sha = storeArtifact(registry);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            workers.add(Thread.ofPlatform().name("loader-" + t).start(() -> {
                try {
                    for (int m = first; m < models && failure.get() == null; m += threads) {
                        for (int n = 0; n < perModel; n++) {
                            registry.register(newVersion(sha, m, n, distinct));
                        }
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
