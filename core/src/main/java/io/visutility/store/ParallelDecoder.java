package io.visutility.store;

import io.visutility.event.EventCodec;
import io.visutility.event.JournaledEvent;
import io.visutility.journal.JournalRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Replay's pipeline: records arrive in journal order (from the scanning thread), are decoded from
 * JSON in chunks on the executor, and are applied in journal order on the calling thread. Decoding
 * is most of replay's cost and is independent per record; applying stays single-threaded and in
 * order, as the state machine requires. At most {@link #MAX_IN_FLIGHT} chunks are pending, so
 * memory stays bounded whatever the journal's size. A chunk the executor has not started by the time
 * it is needed is decoded on the calling thread instead, so replay never waits on the executor: it
 * works with any executor, including one that queues tasks (tests) or whose only thread is the one
 * running a snapshot build that is replaying.
 */
final class ParallelDecoder implements Consumer<JournalRecord> {
    private static final int CHUNK = 2048;
    private static final int MAX_IN_FLIGHT = 8;

    private final EventCodec codec;
    private final Executor executor;
    private final Consumer<JournaledEvent> apply;
    private final ArrayDeque<Chunk> inFlight = new ArrayDeque<>();
    private List<JournalRecord> chunk = new ArrayList<>(CHUNK);

    ParallelDecoder(EventCodec codec, Executor executor, Consumer<JournaledEvent> apply) {
        this.codec = codec;
        this.executor = executor;
        this.apply = apply;
    }

    @Override
    public void accept(JournalRecord record) {
        chunk.add(record);
        if (chunk.size() == CHUNK) {
            submit();
        }
    }

    /** Decodes and applies everything still pending. */
    void finish() {
        if (!chunk.isEmpty()) {
            submit();
        }
        while (!inFlight.isEmpty()) {
            applyOldest();
        }
    }

    private void submit() {
        Chunk next = new Chunk(chunk);
        chunk = new ArrayList<>(CHUNK);
        inFlight.add(next);
        try {
            executor.execute(next);
        } catch (RejectedExecutionException e) {
            // decoded on this thread when its turn comes
        }
        while (inFlight.size() > MAX_IN_FLIGHT) {
            applyOldest();
        }
    }

    private void applyOldest() {
        Chunk oldest = inFlight.poll();
        oldest.run(); // decodes here unless the executor has already started it
        JournaledEvent[] events;
        try {
            events = oldest.result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
        for (JournaledEvent e : events) {
            apply.accept(e);
        }
    }

    /** One chunk's decoding, run once: by the executor, or by the replaying thread if it gets there first. */
    private final class Chunk implements Runnable {
        private final List<JournalRecord> records;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CompletableFuture<JournaledEvent[]> result = new CompletableFuture<>();

        Chunk(List<JournalRecord> records) {
            this.records = records;
        }

        @Override
        public void run() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            try {
                JournaledEvent[] out = new JournaledEvent[records.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = codec.decode(records.get(i));
                }
                result.complete(out);
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }
    }
}
