package io.visutility;

import io.visutility.journal.FsyncPolicy;
import io.visutility.store.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Everything an {@link Orchestrator} is opened with. Defaults work: {@link #of(Path)} gives fsync on
 * every commit, the system clock and random UUIDs. Tests inject a fixed clock, ids and executors.
 */
public record OrchestratorConfig(Path dataDir, StoreOptions store, Clock clock, Supplier<UUID> ids,
        Executor background) {

    public OrchestratorConfig {
        if (dataDir == null) {
            throw new IllegalArgumentException("expected a data directory but got none");
        }
        if (store == null || clock == null || ids == null || background == null) {
            throw new IllegalArgumentException("expected store options, a clock, an id source and an executor");
        }
    }

    public static OrchestratorConfig of(Path dataDir) {
        return new OrchestratorConfig(dataDir, StoreOptions.defaults(), Clock.systemUTC(), UUID::randomUUID,
                command -> Thread.ofVirtual().name("visutility-background").start(command));
    }

    public OrchestratorConfig withStore(StoreOptions options) {
        return new OrchestratorConfig(dataDir, options, clock, ids, background);
    }

    public OrchestratorConfig withFsync(FsyncPolicy policy) {
        return withStore(store.withJournal(store.journal().withFsync(policy)));
    }

    public OrchestratorConfig withClock(Clock c) {
        return new OrchestratorConfig(dataDir, store, c, ids, background);
    }

    public OrchestratorConfig withIds(Supplier<UUID> i) {
        return new OrchestratorConfig(dataDir, store, clock, i, background);
    }

    public OrchestratorConfig withBackground(Executor e) {
        return new OrchestratorConfig(dataDir, store, clock, ids, e);
    }
}
