package io.visutility.store;

import io.visutility.event.Event;
import io.visutility.event.EventCodec;
import io.visutility.event.EventType;
import io.visutility.event.JournaledEvent;
import io.visutility.journal.Journal;
import io.visutility.journal.JournalCorruptedException;
import io.visutility.journal.RecoveryReport;
import io.visutility.journal.SnapshotStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The command → event → apply engine over a journal: every state change goes through here.
 *
 * <p>Implementation notes. Submitters put commands in a bounded queue and wait. One writer thread
 * takes a batch: the first waiting command and then as many more as have keys disjoint from those
 * already taken (the first conflicting one waits for the next batch, so commands on the same key are
 * decided in arrival order). Each command is decided against the durable state — keys are disjoint,
 * so the decisions do not depend on each other — and the events of all of them are appended and
 * committed with one write and one fsync (group commit). Only then are they applied to the state,
 * published, and the submitters answered. Readers therefore never see a change that a crash could
 * take back. Snapshots are built in the background from the previous snapshot plus closed segments
 * on a fresh state instance, so they never stop the writer; covered segments are then deleted.
 *
 * <p>Locks: the writer thread alone mutates the journal's write side and the state; {@code compactLock}
 * serialises snapshot builds.
 */
public final class Store<S extends StateMachine> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Store.class.getName());

    /** A command waiting for the writer, with the future its submitter waits on. */
    private static final class Pending<S> {
        final Command<S, Object> command;
        final CompletableFuture<Object> future = new CompletableFuture<>();
        final Set<String> keys;
        List<Event> events;
        byte[][] payloads;
        long[] positions;

        @SuppressWarnings("unchecked")
        Pending(Command<S, ?> command) {
            this.command = (Command<S, Object>) command;
            this.keys = command.keys();
        }
    }

    private static final Pending<?> STOP = new Pending<>(new Command<Object, Object>() {
        @Override
        public Set<String> keys() {
            return Set.of();
        }

        @Override
        public List<Event> decide(Object state) {
            return List.of();
        }

        @Override
        public Object result(Object state) {
            return null;
        }
    });

    private final Path dir;
    private final StoreOptions options;
    private final Supplier<S> stateFactory;
    private final S state;
    private final Journal journal;
    private final SnapshotStore snapshots;
    private final EventCodec codec = new EventCodec();
    private final Consumer<JournaledEvent> publisher;
    private final Executor background;
    private final BlockingQueue<Pending<S>> queue;
    private final Thread writer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object compactLock = new Object();
    private final AtomicBoolean compactionScheduled = new AtomicBoolean();

    private volatile Throwable failure;
    private long appliedSinceSnapshot;
    private volatile long batches;
    private volatile long commandsCommitted;
    private volatile CommitListener commitListener = (events, nanos) -> {};

    private Store(Path dir, StoreOptions options, Supplier<S> stateFactory, S state, Journal journal,
            SnapshotStore snapshots, Consumer<JournaledEvent> publisher, ThreadFactory threads, Executor background) {
        this.dir = dir;
        this.options = options;
        this.stateFactory = stateFactory;
        this.state = state;
        this.journal = journal;
        this.snapshots = snapshots;
        this.publisher = publisher;
        this.background = background;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.writer = threads.newThread(this::runWriter);
        this.writer.setName("visutility-journal-writer");
        this.writer.start();
    }

    /**
     * Opens the store in {@code dir}: loads the newest snapshot, replays the journal after it through
     * {@link StateMachine#apply}, truncates a torn tail, and starts the writer.
     *
     * @param publisher receives every applied event, on the writer thread; must not block
     * @param threads makes the writer thread (a platform thread: it spends its time in fsync)
     * @param background runs snapshot builds, and decodes records in parallel during replay
     * @throws JournalCorruptedException when the journal or snapshot is damaged beyond a torn tail
     */
    public static <S extends StateMachine> Store<S> open(Path dir, StoreOptions options, Supplier<S> stateFactory,
            Consumer<JournaledEvent> publisher, ThreadFactory threads, Executor background) throws IOException {
        SnapshotStore snapshots = new SnapshotStore(dir.resolve("snapshots"));
        S state = stateFactory.get();
        Optional<SnapshotStore.Snapshot> snapshot = snapshots.latest();
        long base = 0;
        if (snapshot.isPresent()) {
            SnapshotStore.read(snapshot.get(), state::readSnapshot);
            base = snapshot.get().position();
        }
        EventCodec codec = new EventCodec();
        Path journalDir = dir.resolve("journal");
        ParallelDecoder replay = new ParallelDecoder(codec, background, state::apply);
        Journal journal = Journal.open(journalDir, options.journal(), base + 1, base + 1, replay);
        try {
            replay.finish();
            state.recovered();
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
        if (journal.firstPosition() > base + 1) {
            journal.close();
            throw new JournalCorruptedException(journalDir, 0, base, "records " + (base + 1) + " to "
                    + (journal.firstPosition() - 1) + " are missing between the snapshot and the journal");
        }
        if (journal.committedPosition() < base) {
            journal.close();
            throw new JournalCorruptedException(journalDir, 0, journal.committedPosition(), "the snapshot covers"
                    + " position " + base + " but the journal ends at " + journal.committedPosition());
        }
        journal.recoveryReport().tornTail().ifPresent(t -> LOG.log(System.Logger.Level.WARNING,
                "journal recovery: {0}", t));
        return new Store<>(dir, options, stateFactory, state, journal, snapshots, publisher, threads, background);
    }

    /** The state, to read. Only durable changes are visible in it. */
    public S state() {
        return state;
    }

    public Path directory() {
        return dir;
    }

    public RecoveryReport recoveryReport() {
        return journal.recoveryReport();
    }

    /** Position of the last durable event. */
    public long committedPosition() {
        return journal.committedPosition();
    }

    /** Position of the oldest event still in the journal (older ones are only in the snapshot). */
    public long firstRetainedPosition() {
        return journal.firstPosition();
    }

    /** Commit batches written so far (one write and one fsync each). */
    public long batchesCommitted() {
        return batches;
    }

    /** Tells {@code listener} about every later commit batch (replacing any earlier listener). */
    public void onCommit(CommitListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("expected a commit listener but got none");
        }
        this.commitListener = listener;
    }

    private void notifyCommitted(int events, long nanos) {
        try {
            commitListener.committed(events, nanos);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a commit listener failed; ignored", e);
        }
    }

    /** Commands that wrote events so far. */
    public long commandsCommitted() {
        return commandsCommitted;
    }

    /**
     * Runs a command and returns its result once its events are durable and applied.
     *
     * @throws RuntimeException whatever the command's decision threw to refuse it
     * @throws StoreFailedException when the journal cannot be written
     */
    public <R> R execute(Command<S, R> command) {
        CompletableFuture<R> f = submit(command);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    // The command is already queued and will be decided; wait for its outcome, and
                    // keep the interrupt for the caller.
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new StoreFailedException("command failed: " + cause, cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Queues a command; the future completes when its events are durable and applied. */
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> submit(Command<S, R> command) {
        checkUsable();
        Pending<S> p = new Pending<>(command);
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(p);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (closed.get()) {
            // Closed while this command was being queued: the writer may have stopped without
            // seeing it. Once the writer has ended, anything still unanswered never will be.
            joinWriter();
            p.future.completeExceptionally(new IllegalStateException("store in " + dir + " is closed"));
        }
        return (CompletableFuture<R>) p.future;
    }

    private void checkUsable() {
        if (closed.get()) {
            throw new IllegalStateException("store in " + dir + " is closed");
        }
        Throwable f = failure;
        if (f != null) {
            throw new StoreFailedException("the journal in " + dir + " could not be written (" + f
                    + "); nothing more is accepted until the process restarts", f);
        }
    }

    /** Reads durable events from {@code from} on, from the journal. */
    public void replay(long from, long to, Consumer<JournaledEvent> sink) {
        journal.read(from, to, record -> sink.accept(codec.decode(record)));
    }

    private void runWriter() {
        List<Pending<S>> batch = new ArrayList<>();
        Set<String> batchKeys = new HashSet<>();
        Pending<S> carry = null;
        while (true) {
            Pending<S> first;
            try {
                first = carry != null ? carry : queue.take();
            } catch (InterruptedException e) {
                continue; // only STOP ends the writer, so nothing queued is left unanswered
            }
            carry = null;
            if (first == STOP) {
                failRemaining();
                return;
            }
            batch.clear();
            batchKeys.clear();
            batch.add(first);
            batchKeys.addAll(first.keys);
            boolean stop = false;
            while (batch.size() < options.maxBatch()) {
                Pending<S> next = queue.poll();
                if (next == null) {
                    break;
                }
                if (next == STOP) {
                    stop = true;
                    break;
                }
                if (!disjoint(batchKeys, next.keys)) {
                    carry = next;
                    break;
                }
                batch.add(next);
                batchKeys.addAll(next.keys);
            }
            processSafely(batch);
            if (stop) {
                if (carry != null) {
                    batch.clear();
                    batch.add(carry);
                    processSafely(batch);
                }
                failRemaining();
                return;
            }
        }
    }

    private static boolean disjoint(Set<String> a, Set<String> b) {
        for (String k : b) {
            if (a.contains(k)) {
                return false;
            }
        }
        return true;
    }

    private void failRemaining() {
        Pending<S> p;
        while ((p = queue.poll()) != null) {
            if (p != STOP) {
                p.future.completeExceptionally(new IllegalStateException("store in " + dir + " is closed"));
            }
        }
    }

    /** The writer must survive anything a batch throws, or every later submitter would wait forever. */
    private void processSafely(List<Pending<S>> batch) {
        try {
            process(batch);
        } catch (RuntimeException | Error e) {
            fail(batch, e);
        }
    }

    private void process(List<Pending<S>> batch) {
        if (failure != null) {
            for (Pending<S> p : batch) {
                p.future.completeExceptionally(new StoreFailedException("the journal in " + dir
                        + " could not be written earlier; restart to recover", failure));
            }
            return;
        }
        int written = 0;
        for (Pending<S> p : batch) {
            try {
                p.events = p.command.decide(state);
                if (p.events.isEmpty()) {
                    p.future.complete(p.command.result(state));
                    continue;
                }
                // Encoded before anything is appended, so that an event too large for the journal
                // refuses its own command instead of failing the batch and the store.
                p.payloads = new byte[p.events.size()][];
                for (int i = 0; i < p.events.size(); i++) {
                    p.payloads[i] = codec.encode(p.events.get(i));
                    if (p.payloads[i].length > Journal.MAX_PAYLOAD_BYTES) {
                        throw new IllegalArgumentException("expected an event of at most " + Journal.MAX_PAYLOAD_BYTES
                                + " bytes as JSON, but " + p.events.get(i).getClass().getSimpleName() + " of model '"
                                + p.events.get(i).model() + "' is " + p.payloads[i].length + " bytes");
                    }
                }
            } catch (RuntimeException e) {
                p.events = List.of();
                p.future.completeExceptionally(e);
            }
        }
        try {
            for (Pending<S> p : batch) {
                if (p.events.isEmpty()) {
                    continue;
                }
                p.positions = new long[p.events.size()];
                for (int i = 0; i < p.events.size(); i++) {
                    EventType type = EventType.of(p.events.get(i));
                    p.positions[i] = journal.append(type.id(), type.schemaVersion(), p.payloads[i]);
                    written++;
                }
            }
            long start = System.nanoTime();
            journal.commit();
            if (written > 0) {
                notifyCommitted(written, System.nanoTime() - start);
            }
        } catch (IOException | RuntimeException e) {
            fail(batch, e);
            return;
        }
        if (written == 0) {
            return;
        }
        batches++;
        for (Pending<S> p : batch) {
            if (p.events.isEmpty()) {
                continue;
            }
            try {
                for (int i = 0; i < p.events.size(); i++) {
                    JournaledEvent je = new JournaledEvent(p.positions[i], p.events.get(i));
                    state.apply(je);
                    publish(je);
                }
                commandsCommitted++;
                p.future.complete(p.command.result(state));
            } catch (RuntimeException e) {
                fail(batch, e);
                return;
            }
        }
        appliedSinceSnapshot += written;
        if (appliedSinceSnapshot >= options.snapshotEvery() && journal.lastClosedPosition() > 0
                && compactionScheduled.compareAndSet(false, true)) {
            appliedSinceSnapshot = 0;
            background.execute(() -> {
                try {
                    compact();
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "snapshot of " + dir + " failed; will retry later", e);
                } finally {
                    compactionScheduled.set(false);
                }
            });
        }
    }

    private void publish(JournaledEvent je) {
        try {
            publisher.accept(je);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "event publisher failed at position " + je.position(), e);
        }
    }

    private void fail(List<Pending<S>> batch, Throwable e) {
        failure = e;
        LOG.log(System.Logger.Level.ERROR, "journal write failed in " + dir + "; refusing further commands", e);
        for (Pending<S> p : batch) {
            p.future.completeExceptionally(new StoreFailedException("the journal in " + dir
                    + " could not be written: " + e, e));
        }
    }

    /**
     * Folds the closed journal segments into a new snapshot and deletes them. Runs beside the
     * writer without stopping it. Returns the snapshot written, or empty when there was nothing new
     * to cover or the store is closed.
     */
    public Optional<SnapshotStore.Snapshot> compact() throws IOException {
        synchronized (compactLock) {
            if (closed.get()) {
                // A build queued before close may run after it, when the data directory's lock may
                // already belong to another process.
                return Optional.empty();
            }
            long target = journal.lastClosedPosition();
            Optional<SnapshotStore.Snapshot> previous = snapshots.latest();
            long base = previous.map(SnapshotStore.Snapshot::position).orElse(0L);
            if (target <= base) {
                return Optional.empty();
            }
            S fresh = stateFactory.get();
            if (previous.isPresent()) {
                SnapshotStore.read(previous.get(), fresh::readSnapshot);
            }
            ParallelDecoder replay = new ParallelDecoder(codec, background, fresh::apply);
            journal.read(base + 1, target, replay);
            replay.finish();
            fresh.recovered();
            SnapshotStore.Snapshot written = snapshots.write(target, fresh::writeSnapshot);
            int removed = journal.deleteSegmentsUpTo(target);
            LOG.log(System.Logger.Level.INFO, "snapshot at position {0} written; {1} journal segments removed",
                    target, removed);
            return Optional.of(written);
        }
    }

    /** Answers the commands already queued, then closes the journal. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(stopSignal());
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        interrupted |= joinWriter();
        synchronized (compactLock) {
            try {
                journal.close();
            } catch (IOException e) {
                throw new UncheckedIOException("closing the journal in " + dir + " failed", e);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Waits for the writer thread to end; returns whether an interrupt arrived meanwhile. */
    private boolean joinWriter() {
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted && Thread.currentThread() != writer) {
            Thread.currentThread().interrupt();
        }
        return interrupted;
    }

    @SuppressWarnings("unchecked")
    private Pending<S> stopSignal() {
        return (Pending<S>) STOP;
    }

}
