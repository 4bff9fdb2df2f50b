package io.visutility.journal;

import io.visutility.OrchestratorConfig;
import io.visutility.store.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Orchestrator settings for tests of recovery: a clock that ticks one second per reading, sequential
 * ids, no fsync (these tests damage files themselves; the kill -9 test runs with fsync on) and a
 * background executor that only runs snapshot builds when the test says so.
 */
final class TestOrchestrators {
    private TestOrchestrators() {}

    static OrchestratorConfig config(Path data, StoreOptions store, Executor background) {
        AtomicLong ids = new AtomicLong();
        return OrchestratorConfig.of(data).withStore(store).withClock(new TickingClock())
                .withIds(() -> new UUID(7, ids.incrementAndGet())).withBackground(background);
    }

    static StoreOptions noFsync() {
        return StoreOptions.defaults().withJournal(JournalOptions.defaults().withFsync(FsyncPolicy.NONE));
    }

    /** Keeps submitted tasks until {@link #runAll()}. */
    static final class ManualExecutor implements Executor {
        private final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable task) {
            tasks.add(task);
        }

        synchronized int pending() {
            return tasks.size();
        }

        /** Runs the queued tasks on the calling thread; returns how many ran. */
        int runAll() {
            int ran = 0;
            Runnable next;
            while ((next = poll()) != null) {
                next.run();
                ran++;
            }
            return ran;
        }

        private synchronized Runnable poll() {
            return tasks.poll();
        }
    }

    /** Starts at 2023-11-14T22:13:20Z and moves one second each time it is read. */
    static final class TickingClock extends Clock {
        private final AtomicLong seconds = new AtomicLong(1_700_000_000L);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(seconds.getAndIncrement());
        }
    }
}
