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
import java.util.function.Consumer;

/**
 * Replay's pipeline: records arrive in journal order (from the scanning thread), are decoded from
 * JSON in chunks on the executor, and are applied in journal order on the calling thread. Decoding
 * is most of replay's cost and is independent per record; applying stays single-threaded and in
 * order, as the state machine requires. At most {@link #MAX_IN_FLIGHT} chunks are pending, so
 * memory stays bounded whatever the journal's size.
 */
final class ParallelDecoder implements Consumer<JournalRecord> {
    private static final int CHUNK = 2048;
    private static final int MAX_IN_FLIGHT = 8;

    private final EventCodec codec;
    private final Executor executor;
    private final Consumer<JournaledEvent> apply;
    private final ArrayDeque<CompletableFuture<JournaledEvent[]>> inFlight = new ArrayDeque<>();
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
        List<JournalRecord> records = chunk;
        chunk = new ArrayList<>(CHUNK);
        inFlight.add(CompletableFuture.supplyAsync(() -> {
            JournaledEvent[] out = new JournaledEvent[records.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = codec.decode(records.get(i));
            }
            return out;
        }, executor));
        while (inFlight.size() > MAX_IN_FLIGHT) {
            applyOldest();
        }
    }

    private void applyOldest() {
        JournaledEvent[] events;
        try {
            events = inFlight.poll().join();
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
}
