package io.visutility.registry;

import io.visutility.OrchestratorConfig;
import io.visutility.journal.FsyncPolicy;
import io.visutility.journal.JournalOptions;
import io.visutility.store.StoreOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** How the registry, store and bus tests open an orchestrator, and how they store artifacts. */
public final class TestConfig {
    private TestConfig() {}

    /** No fsync (speed), a ticking clock and sequential ids (repeatable states). */
    public static OrchestratorConfig fast(Path dataDir) {
        return OrchestratorConfig.of(dataDir).withFsync(FsyncPolicy.NONE).withClock(TickingClock.startingAt2024())
                .withIds(new SequentialIds());
    }

    /**
     * {@link #fast} with the smallest journal segments, so that a few dozen events close segments
     * that compaction can fold into a snapshot; automatic snapshots are off so tests choose when.
     */
    public static OrchestratorConfig smallSegments(Path dataDir) {
        return fast(dataDir).withStore(StoreOptions.defaults().withSnapshotEvery(Long.MAX_VALUE)
                .withJournal(new JournalOptions(FsyncPolicy.NONE, JournalOptions.MIN_SEGMENT_BYTES)));
    }

    /** Stores {@code content} as an artifact and returns its SHA-256. */
    public static String storeArtifact(Registry registry, String content) {
        try {
            return registry.artifacts().put(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)))
                    .sha256();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory tree made by a property try (jqwik has no {@code @TempDir}). */
    public static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
