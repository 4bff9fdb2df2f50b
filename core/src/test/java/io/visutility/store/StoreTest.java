package io.visutility.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.visutility.event.JournaledEvent;
import io.visutility.journal.CompactedException;
import io.visutility.journal.FsyncPolicy;
import io.visutility.journal.JournalOptions;
import io.visutility.journal.SnapshotStore;
import io.visutility.store.TestCommands.Gate;
import io.visutility.store.TestCommands.Put;
import io.visutility.store.TestCommands.Refuse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command → event → apply engine on its own, with a minimal state machine: durability before
 * answers, group commit, per-key ordering, refusals, failure, close, snapshots and compaction.
 */
class StoreTest {
    private static final StoreOptions OPTIONS = StoreOptions.defaults().withSnapshotEvery(Long.MAX_VALUE)
            .withJournal(new JournalOptions(FsyncPolicy.NONE, JournalOptions.MIN_SEGMENT_BYTES));

    @TempDir
    Path dir;

    private final List<JournaledEvent> published = new CopyOnWriteArrayList<>();
    private final Queue<Runnable> background = new ConcurrentLinkedQueue<>();
    private Store<VersionsState> store;

    private Store<VersionsState> open(StoreOptions options, Consumer<JournaledEvent> publisher) throws IOException {
        store = Store.open(dir, options, VersionsState::new, publisher, Thread.ofPlatform().factory(),
                background::add);
        return store;
    }

    private Store<VersionsState> open() throws IOException {
        return open(OPTIONS, published::add);
    }

    private Store<VersionsState> reopen() throws IOException {
        store.close();
        return open();
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    /** Submits a gate and waits until the writer is inside it. */
    private Gate holdWriter(String key) throws InterruptedException {
        Gate gate = new Gate(key);
        store.submit(gate);
        assertThat(gate.entered.await(10, TimeUnit.SECONDS)).as("writer entered the gate").isTrue();
        return gate;
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private static List<Long> positions(List<JournaledEvent> events) {
        return events.stream().map(JournaledEvent::position).toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void answersOnlyAfterTheEventsAreDurableAppliedAndPublished() throws IOException {
        AtomicReference<String> seenAtPublish = new AtomicReference<>();
        open(OPTIONS, e -> seenAtPublish.set("committed=" + store.committedPosition() + " applied="
                + store.state().lastApplied + " position=" + e.position()));

        String result = store.execute(new Put("m", "1.0.0", "a"));

        assertThat(result).isEqualTo("a");
        assertThat(seenAtPublish.get()).isEqualTo("committed=1 applied=1 position=1");
        assertThat(store.committedPosition()).isEqualTo(1);
        assertThat(store.commandsCommitted()).isEqualTo(1);
        assertThat(store.batchesCommitted()).isEqualTo(1);
    }

    @Test
    void commandsArrivingWhileTheWriterIsBusyShareOneCommitBatch() throws Exception {
        open();
        Gate gate = holdWriter("gate");
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(store.submit(new Put("m", "1.0." + i, "sha" + i)));
        }

        gate.release.countDown();

        for (int i = 0; i < 10; i++) {
            assertThat(get(futures.get(i))).isEqualTo("sha" + i);
        }
        assertThat(store.batchesCommitted()).isEqualTo(2);
        assertThat(store.commandsCommitted()).isEqualTo(11);
        assertThat(positions(published)).isEqualTo(range(1, 11));
    }

    @Test
    void commitListenerHearsEachBatchWithItsSizeAndAThrowingListenerChangesNothing() throws Exception {
        open();
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        store.onCommit((events, nanos) -> {
            assertThat(nanos).isNotNegative();
            sizes.add(events);
        });
        Gate gate = holdWriter("gate");
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(store.submit(new Put("m", "1.0." + i, "sha" + i)));
        }
        gate.release.countDown();
        for (CompletableFuture<String> f : futures) {
            get(f);
        }
        assertThat(sizes).containsExactly(1, 10);

        store.onCommit((events, nanos) -> {
            throw new IllegalStateException("listener bug");
        });
        assertThat(store.execute(new Put("m", "2.0.0", "b"))).isEqualTo("b");
        assertThat(store.committedPosition()).isEqualTo(12);
    }

    @Test
    void commandsOnTheSameKeyAreDecidedOneAfterAnotherInArrivalOrder() throws Exception {
        open();
        Gate gate = holdWriter("gate");
        CompletableFuture<String> first = store.submit(new Put("m", "1.0.0", "A"));
        CompletableFuture<String> second = store.submit(new Put("m", "1.0.0", "B"));
        CompletableFuture<String> other = store.submit(new Put("m", "2.0.0", "C"));

        gate.release.countDown();

        assertThat(get(first)).isEqualTo("A");
        assertThatThrownBy(() -> get(second)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("m@1.0.0 holds A, not B");
        assertThat(get(other)).isEqualTo("C");
        // the gate; A alone (B conflicts with it); then B (refused) with C
        assertThat(store.batchesCommitted()).isEqualTo(3);
        assertThat(store.committedPosition()).isEqualTo(3);
    }

    @Test
    void maxBatchCapsTheCommandsCommittedTogether() throws Exception {
        open(new StoreOptions(OPTIONS.journal(), 1024, 4, Long.MAX_VALUE), published::add);
        Gate gate = holdWriter("gate");
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(store.submit(new Put("m", "1.0." + i, "s")));
        }

        gate.release.countDown();

        for (CompletableFuture<String> f : futures) {
            get(f);
        }
        assertThat(store.batchesCommitted()).isEqualTo(1 + 3);
    }

    @Test
    void aRefusedCommandWritesNothingWhileItsBatchMatesCommit() throws Exception {
        open();
        Gate gate = holdWriter("gate");
        CompletableFuture<Void> refused = store.submit(new Refuse("k1"));
        CompletableFuture<String> accepted = store.submit(new Put("m", "1.0.0", "a"));

        gate.release.countDown();

        assertThatThrownBy(() -> get(refused)).hasRootCauseInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("refused k1");
        assertThat(get(accepted)).isEqualTo("a");
        assertThat(store.committedPosition()).isEqualTo(2);
        assertThat(store.commandsCommitted()).isEqualTo(2);
    }

    @Test
    void executeRethrowsTheRefusalItselfAndNothingIsWritten() throws IOException {
        open();

        assertThatThrownBy(() -> store.execute(new Refuse("k"))).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("refused k");
        assertThat(store.committedPosition()).isZero();
        assertThat(store.batchesCommitted()).isZero();
        assertThat(published).isEmpty();
    }

    @Test
    void aCommandThatChangesNothingIsAnsweredWithoutWriting() throws IOException {
        open();
        store.execute(new Put("m", "1.0.0", "a"));

        assertThat(store.execute(new Put("m", "1.0.0", "a"))).isEqualTo("a");

        assertThat(store.committedPosition()).isEqualTo(1);
        assertThat(store.commandsCommitted()).isEqualTo(1);
        assertThat(store.batchesCommitted()).isEqualTo(1);
        assertThat(published).hasSize(1);
    }

    @Test
    void aFailingPublisherNeitherStopsTheWriterNorUndoesTheCommit() throws IOException {
        open(OPTIONS, e -> {
            throw new IllegalStateException("subscriber bug");
        });

        assertThat(store.execute(new Put("m", "1.0.0", "a"))).isEqualTo("a");
        assertThat(store.execute(new Put("m", "2.0.0", "b"))).isEqualTo("b");

        assertThat(store.committedPosition()).isEqualTo(2);
        assertThat(store.state().snapshot()).containsOnlyKeys("m@1.0.0", "m@2.0.0");
    }

    @Test
    void anApplierFailureStopsTheStoreAndEveryLaterCommandIsRefused() throws IOException {
        open();
        store.execute(new Put("m", "1.0.0", "a"));

        assertThatThrownBy(() -> store.execute(new Put("poison", "1.0.0", "p")))
                .isInstanceOf(StoreFailedException.class)
                .hasMessageContaining("cannot apply poison at 2");
        assertThatThrownBy(() -> store.execute(new Put("m", "2.0.0", "b")))
                .isInstanceOf(StoreFailedException.class)
                .hasMessageContaining("nothing more is accepted until the process restarts");
        assertThatThrownBy(() -> store.submit(new Put("m", "3.0.0", "c"))).isInstanceOf(StoreFailedException.class);
        assertThat(store.state().snapshot()).containsOnlyKeys("m@1.0.0");
    }

    @Test
    void submittersWaitWhileTheQueueIsFull() throws Exception {
        open(new StoreOptions(OPTIONS.journal(), 2, 16, Long.MAX_VALUE), published::add);
        Gate gate = holdWriter("gate");
        CompletableFuture<String> a = store.submit(new Put("m", "1.0.0", "a"));
        CompletableFuture<String> b = store.submit(new Put("m", "1.0.1", "b"));
        CompletableFuture<String> c = new CompletableFuture<>();
        Thread third = Thread.ofPlatform().start(() -> store.submit(new Put("m", "1.0.2", "c")).whenComplete((r, e) -> {
            if (e != null) {
                c.completeExceptionally(e);
            } else {
                c.complete(r);
            }
        }));

        await().atMost(10, TimeUnit.SECONDS).until(() -> third.getState() == Thread.State.WAITING);
        assertThat(c).isNotDone();
        gate.release.countDown();

        assertThat(List.of(get(a), get(b), get(c))).containsExactly("a", "b", "c");
        third.join();
    }

    @Test
    void closeAnswersTheCommandsAlreadyQueuedAndThenRefusesNewOnes() throws Exception {
        open();
        Gate gate = holdWriter("gate");
        List<CompletableFuture<String>> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queued.add(store.submit(new Put("m", "1.0." + i, "s" + i)));
        }
        Thread closer = Thread.ofPlatform().start(store::close);
        await().atMost(10, TimeUnit.SECONDS).until(() -> closer.getState() == Thread.State.WAITING);

        gate.release.countDown();
        closer.join();

        for (int i = 0; i < 3; i++) {
            assertThat(get(queued.get(i))).isEqualTo("s" + i);
        }
        assertThatThrownBy(() -> store.execute(new Put("m", "9.0.0", "x"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
        store.close(); // a second close is harmless
    }

    @Test
    void anInterruptedSubmitterStillGetsItsAnswerAndKeepsItsInterrupt() throws IOException {
        open();
        Thread.currentThread().interrupt();

        String result = store.execute(new Put("m", "1.0.0", "a"));

        assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
        assertThat(result).isEqualTo("a");
    }

    @Test
    void reopeningReplaysTheJournalIntoAnEqualState() throws IOException {
        open();
        for (int i = 0; i < 30; i++) {
            store.execute(new Put("m" + i % 3, "1.0." + i, "sha" + i));
        }
        var before = store.state().snapshot();

        reopen();

        assertThat(store.state().snapshot()).isEqualTo(before);
        assertThat(store.state().lastApplied).isEqualTo(30);
        assertThat(store.committedPosition()).isEqualTo(30);
        assertThat(store.recoveryReport().tornTail()).isEmpty();
        assertThat(store.execute(new Put("m", "9.0.0", "next"))).isEqualTo("next");
        assertThat(store.committedPosition()).isEqualTo(31);
    }

    @Test
    void replayPassesTheDurableEventsOfARangeInOrder() throws IOException {
        open();
        for (int i = 0; i < 5; i++) {
            store.execute(new Put("m", "1.0." + i, "s"));
        }
        List<JournaledEvent> middle = new ArrayList<>();
        List<JournaledEvent> tail = new ArrayList<>();
        List<JournaledEvent> beyond = new ArrayList<>();

        store.replay(2, 4, middle::add);
        store.replay(4, Long.MAX_VALUE, tail::add);
        store.replay(6, 10, beyond::add);

        assertThat(positions(middle)).containsExactly(2L, 3L, 4L);
        assertThat(middle).isEqualTo(published.subList(1, 4));
        assertThat(positions(tail)).containsExactly(4L, 5L);
        assertThat(beyond).isEmpty();
    }

    @Test
    void compactionFoldsClosedSegmentsIntoASnapshotThatReopeningStartsFrom() throws IOException {
        open();
        for (int i = 0; i < 150; i++) {
            store.execute(new Put("m" + i % 7, "1.0." + i, "sha-" + i));
        }
        var before = store.state().snapshot();

        Optional<SnapshotStore.Snapshot> snapshot = store.compact();

        assertThat(snapshot).isPresent();
        long covered = snapshot.get().position();
        assertThat(covered).isBetween(1L, 149L);
        assertThat(store.firstRetainedPosition()).isEqualTo(covered + 1);
        assertThat(store.compact()).as("nothing new to fold").isEmpty();
        assertThatThrownBy(() -> store.replay(1, 150, e -> { }))
                .isInstanceOfSatisfying(CompactedException.class,
                        e -> assertThat(e.firstAvailable()).isEqualTo(covered + 1));
        List<JournaledEvent> retained = new ArrayList<>();
        store.replay(covered + 1, 150, retained::add);
        assertThat(positions(retained)).isEqualTo(range(covered + 1, 150));

        reopen();

        assertThat(store.firstRetainedPosition()).isEqualTo(covered + 1);
        assertThat(store.state().snapshot()).isEqualTo(before);
        assertThat(store.state().lastApplied).isEqualTo(150);
        store.execute(new Put("m", "9.9.9", "after"));
        assertThat(store.committedPosition()).isEqualTo(151);
    }

    @Test
    void aSnapshotIsBuiltOnTheBackgroundExecutorAfterSnapshotEveryRecords() throws IOException {
        open(OPTIONS.withSnapshotEvery(20), published::add);
        for (int i = 0; i < 60; i++) {
            store.execute(new Put("m", "1.0." + i, "sha-" + i));
        }
        assertThat(background).as("a snapshot build handed to the executor").isNotEmpty();
        assertThat(snapshotFiles()).as("the writer does not build it itself").isEmpty();
        assertThat(store.firstRetainedPosition()).isEqualTo(1);

        runBackgroundTasks();

        assertThat(snapshotFiles()).singleElement()
                .satisfies(name -> assertThat(name).startsWith("snapshot-").endsWith(".snap"));
        assertThat(store.firstRetainedPosition()).isGreaterThan(1);
        var before = store.state().snapshot();
        reopen();
        assertThat(store.state().snapshot()).isEqualTo(before);
    }

    private void runBackgroundTasks() {
        Runnable task;
        while ((task = background.poll()) != null) {
            task.run();
        }
    }

    private List<String> snapshotFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("snapshots"))) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
