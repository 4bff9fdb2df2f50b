package io.visutility.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.DoubleNode;
import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.registry.NewVersion;
import io.visutility.registry.Registry;
import io.visutility.store.StoreOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery of the registry's store from a snapshot plus the journal after it: compaction folds closed
 * segments into a snapshot and deletes them, and a restart rebuilds exactly the state before it.
 */
class StoreRecoveryTest {
    /** 4 KiB segments (a registration event is a few hundred bytes) and a snapshot every 50 events. */
    private static final StoreOptions SMALL = StoreOptions.defaults()
            .withJournal(JournalOptions.defaults().withFsync(FsyncPolicy.NONE).withSegmentBytes(4096))
            .withSnapshotEvery(50);

    @TempDir
    Path tmp;

    private Path data() {
        return tmp.resolve("data");
    }

    private OrchestratorConfig config(Executor background) {
        return TestOrchestrators.config(data(), SMALL, background);
    }

    private static String storeArtifact(Registry r, String content) throws IOException {
        return r.artifacts().put(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8))).sha256();
    }

    /** Registers {@code count} versions over three models, promoting and deprecating some. */
    private static void fill(Registry r, int from, int count) throws IOException {
        String sha = storeArtifact(r, "weights");
        for (int i = from; i < from + count; i++) {
            String model = List.of("detector", "segmenter", "ocr").get(i % 3);
            String version = "2." + i + ".0";
            r.register(NewVersion.of(model, version, sha).withMetrics(Map.of("map50", DoubleNode.valueOf(i / 1000.0)))
                    .withTags(Map.of("batch", Integer.toString(i / 10))));
            if (i % 4 == 0) {
                r.promote(model, version, null);
            }
            if (i % 9 == 0) {
                r.deprecate(model, version, "regressed on batch " + i / 10);
            }
        }
    }

    private List<Long> segmentStarts() throws IOException {
        return LogCorrupter.segments(data().resolve("journal")).stream().map(SegmentFormat::firstPositionOf).toList();
    }

    private List<Path> snapshotFiles() throws IOException {
        return new SnapshotStore(data().resolve("snapshots")).list().stream().map(SnapshotStore.Snapshot::file).toList();
    }

    @Test
    void compactionDeletesCoveredSegmentsAndASnapshotPlusTailRestoresTheExactState() throws IOException {
        List<String> before;
        long snapshotPosition;
        long committed;
        try (Orchestrator o = Orchestrator.open(config(new TestOrchestrators.ManualExecutor()))) {
            fill(o.registry(), 0, 150);
            assertThat(segmentStarts()).hasSizeGreaterThanOrEqualTo(5);
            long lastClosed = segmentStarts().get(segmentStarts().size() - 1) - 1;

            SnapshotStore.Snapshot snapshot = o.registry().store().compact().orElseThrow();

            snapshotPosition = snapshot.position();
            assertThat(snapshotPosition).isEqualTo(lastClosed);
            assertThat(segmentStarts()).as("every closed segment was covered and deleted")
                    .containsExactly(snapshotPosition + 1);
            assertThat(o.registry().store().firstRetainedPosition()).isEqualTo(snapshotPosition + 1);
            assertThat(o.registry().store().compact()).as("nothing new to cover").isEmpty();

            fill(o.registry(), 150, 40); // the tail after the snapshot, across more rolls
            assertThat(segmentStarts()).hasSizeGreaterThan(1);
            before = RegistryContents.of(o.registry());
            committed = o.registry().store().committedPosition();
        }
        // a snapshot write cut short by a crash leaves a temporary file that must not matter
        Files.write(data().resolve("snapshots").resolve("snapshot-00000000000000999999.tmp"), new byte[] {1, 2, 3});

        try (Orchestrator o = Orchestrator.open(config(new TestOrchestrators.ManualExecutor()))) {
            assertThat(RegistryContents.of(o.registry())).containsExactlyElementsOf(before);
            assertThat(o.registry().store().committedPosition()).isEqualTo(committed);
            assertThat(o.recoveryReport().firstPosition()).isEqualTo(snapshotPosition + 1);
            assertThat(o.recoveryReport().tornTail()).isEmpty();
            o.registry().store().compact();
            assertThat(RegistryContents.of(o.registry())).containsExactlyElementsOf(before);
        }
        try (Orchestrator o = Orchestrator.open(config(new TestOrchestrators.ManualExecutor()))) {
            assertThat(RegistryContents.of(o.registry())).as("after a second compaction")
                    .containsExactlyElementsOf(before);
        }
    }

    @Test
    void backgroundCompactionRacingTheWriterLosesNothing() throws Exception {
        Executor virtualThreads = task -> Thread.ofVirtual().name("test-snapshot").start(task);
        List<String> before;
        try (Orchestrator o = Orchestrator.open(config(virtualThreads))) {
            Registry r = o.registry();
            String sha = storeArtifact(r, "weights");
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String model = "model-" + t;
                writers.add(CompletableFuture.runAsync(() -> {
                    for (int n = 0; n < 150; n++) {
                        r.register(NewVersion.of(model, "1.0." + n, sha));
                        if (n % 10 == 0) {
                            r.promote(model, "1.0." + n, null);
                        }
                    }
                }, task -> Thread.ofPlatform().start(task)));
            }
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(r.versionCount()).isEqualTo(600);
            before = RegistryContents.of(r);
        }
        assertThat(snapshotFiles()).as("snapshots were taken while registering").isNotEmpty();
        try (Orchestrator o = Orchestrator.open(config(new TestOrchestrators.ManualExecutor()))) {
            assertThat(RegistryContents.of(o.registry())).containsExactlyElementsOf(before);
        }
    }

    @Test
    void aCompactionQueuedBeforeCloseDoesNothingAfterIt() throws IOException {
        TestOrchestrators.ManualExecutor background = new TestOrchestrators.ManualExecutor();
        try (Orchestrator o = Orchestrator.open(config(background))) {
            fill(o.registry(), 0, 60);
            assertThat(background.pending()).as("a snapshot build was scheduled").isEqualTo(1);
        }
        List<String> closed = LogCorrupter.fingerprint(data());

        assertThat(background.runAll()).isEqualTo(1);

        assertThat(LogCorrupter.fingerprint(data()))
                .as("a data directory whose lock was released is not written to").isEqualTo(closed);
    }

    @Test
    void aMissingSnapshotIsReportedAsMissingRecordsNotAnEmptyRegistry() throws IOException {
        try (Orchestrator o = Orchestrator.open(config(new TestOrchestrators.ManualExecutor()))) {
            fill(o.registry(), 0, 60);
            o.registry().store().compact().orElseThrow();
        }
        long first = segmentStarts().get(0);
        Files.delete(snapshotFiles().get(0));

        assertThatThrownBy(() -> Orchestrator.open(config(new TestOrchestrators.ManualExecutor())))
                .isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining("records 1 to " + (first - 1) + " are missing between the snapshot and the journal");
        assertThatThrownBy(() -> Orchestrator.open(config(new TestOrchestrators.ManualExecutor())))
                .as("the failed open released the lock").isInstanceOf(JournalCorruptedException.class);
    }

    @Test
    void aDamagedSnapshotStopsTheStartWithAnErrorNamingIt() throws IOException {
        try (Orchestrator o = Orchestrator.open(config(new TestOrchestrators.ManualExecutor()))) {
            fill(o.registry(), 0, 60);
            o.registry().store().compact().orElseThrow();
        }
        Path snapshot = snapshotFiles().get(0);
        byte[] pristine = Files.readAllBytes(snapshot);
        Random random = new Random(99);
        for (int trial = 0; trial < 40; trial++) {
            Files.write(snapshot, pristine);
            long offset = random.nextInt(pristine.length);
            LogCorrupter.flip(snapshot, offset, 1 << random.nextInt(8));
            assertThat(catchThrowable(() -> Orchestrator.open(config(new TestOrchestrators.ManualExecutor()))))
                    .as("flip of byte %d of the snapshot", offset)
                    .isInstanceOfSatisfying(JournalCorruptedException.class,
                            e -> assertThat(e.file()).isEqualTo(snapshot))
                    .hasMessageContaining(snapshot.toString());
        }
    }
}
