package io.visutility;

import io.visutility.journal.FsyncPolicy;
import io.visutility.store.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Everything an {@link Orchestrator} is opened with. Defaults work: {@link #of(Path)} gives fsync on
 * every commit, the system clock, random UUIDs, and retrain jobs on virtual threads, two at a time,
 * for every model.
 *
 * @param resumeRetraining the retrainer follows the event bus from where the previous process that
 *     retrained every model stopped ({@code retrainer.cursor}), so detections journaled just before a
 *     crash still become requests; true by default, false once {@link #withRetraining} narrows the scope Tests inject a fixed clock, ids and executors.
 */
public record OrchestratorConfig(Path dataDir, StoreOptions store, Clock clock, Supplier<UUID> ids,
        Executor background, Executor jobs, int maxConcurrentJobs, Predicate<String> retrains,
        boolean resumeRetraining) {

    public OrchestratorConfig {
        if (dataDir == null) {
            throw new IllegalArgumentException("expected a data directory but got none");
        }
        if (store == null || clock == null || ids == null || background == null || jobs == null || retrains == null) {
            throw new IllegalArgumentException("expected store options, a clock, an id source and executors");
        }
        if (maxConcurrentJobs < 1) {
            throw new IllegalArgumentException("expected at least 1 concurrent retrain job but got " + maxConcurrentJobs);
        }
    }

    public static OrchestratorConfig of(Path dataDir) {
        return new OrchestratorConfig(dataDir, StoreOptions.defaults(), Clock.systemUTC(), UUID::randomUUID,
                command -> Thread.ofVirtual().name("visutility-background").start(command),
                command -> Thread.ofVirtual().name("retrain-job").start(command), 2, model -> true, true);
    }

    public OrchestratorConfig withStore(StoreOptions options) {
        return new OrchestratorConfig(dataDir, options, clock, ids, background, jobs, maxConcurrentJobs, retrains, resumeRetraining);
    }

    public OrchestratorConfig withFsync(FsyncPolicy policy) {
        return withStore(store.withJournal(store.journal().withFsync(policy)));
    }

    public OrchestratorConfig withClock(Clock c) {
        return new OrchestratorConfig(dataDir, store, c, ids, background, jobs, maxConcurrentJobs, retrains, resumeRetraining);
    }

    public OrchestratorConfig withIds(Supplier<UUID> i) {
        return new OrchestratorConfig(dataDir, store, clock, i, background, jobs, maxConcurrentJobs, retrains, resumeRetraining);
    }

    public OrchestratorConfig withBackground(Executor e) {
        return new OrchestratorConfig(dataDir, store, clock, ids, e, jobs, maxConcurrentJobs, retrains, resumeRetraining);
    }

    /** Where retrain attempts run (one task each; virtual threads by default). */
    public OrchestratorConfig withJobExecutor(Executor e) {
        return new OrchestratorConfig(dataDir, store, clock, ids, background, e, maxConcurrentJobs, retrains, resumeRetraining);
    }

    /**
     * Which models this process retrains (default: all): their detections and deprecations become
     * requests, and their due jobs are started. Jobs of other models are left alone (a command-line
     * tool that only reads must not start training). Jobs that were running when a previous process
     * died are recovered regardless, since this process owns the data directory. Such a process
     * does not resume the event bus from where an earlier one stopped (see {@link #resumeRetraining}).
     */
    public OrchestratorConfig withRetraining(Predicate<String> models) {
        return new OrchestratorConfig(dataDir, store, clock, ids, background, jobs, maxConcurrentJobs, models, false);
    }

    /** Retrains no model: see {@link #withRetraining}. */
    public OrchestratorConfig withoutRetraining() {
        return withRetraining(model -> false);
    }

    /** Retrain attempts running at once across all models (default 2). */
    public OrchestratorConfig withMaxConcurrentJobs(int n) {
        return new OrchestratorConfig(dataDir, store, clock, ids, background, jobs, n, retrains, resumeRetraining);
    }
}
