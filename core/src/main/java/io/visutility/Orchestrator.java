package io.visutility;

import io.visutility.bus.EventBus;
import io.visutility.bus.EventSource;
import io.visutility.event.JournaledEvent;
import io.visutility.journal.DataDirectoryLock;
import io.visutility.journal.RecoveryReport;
import io.visutility.registry.Registry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One orchestrator process's hold on a data directory: the lock, the registry (and its journal) and
 * the event bus, wired together. Open it, use {@link #registry()} and {@link #bus()}, close it.
 */
public final class Orchestrator implements AutoCloseable {
    private final DataDirectoryLock lock;
    private final Registry registry;
    private final EventBus bus;
    private final Path dataDir;

    private Orchestrator(Path dataDir, DataDirectoryLock lock, Registry registry, EventBus bus) {
        this.dataDir = dataDir;
        this.lock = lock;
        this.registry = registry;
        this.bus = bus;
    }

    /**
     * Takes the data directory's lock and recovers its state.
     *
     * @throws DataDirectoryLock.DataDirectoryLockedException when another process has it open
     * @throws io.visutility.journal.JournalCorruptedException when the journal is damaged
     */
    public static Orchestrator open(OrchestratorConfig config) throws IOException {
        Path dir = config.dataDir().toAbsolutePath().normalize();
        DataDirectoryLock lock = DataDirectoryLock.acquire(dir);
        try {
            Registry[] holder = new Registry[1];
            // The store commits a batch before it applies it, so the journal's committed position
            // can run ahead of what the registry shows. Subscribers catching up from the journal are
            // bounded by the last event applied and published instead, so that a handler reading the
            // registry always finds the change its event describes.
            AtomicLong published = new AtomicLong();
            EventBus bus = EventBus.withVirtualThreads(new EventSource() {
                @Override
                public long committedPosition() {
                    return published.get();
                }

                @Override
                public void replay(long from, long to, Consumer<JournaledEvent> sink) {
                    holder[0].store().replay(from, Math.min(to, published.get()), sink);
                }
            });
            Consumer<JournaledEvent> publisher = e -> {
                published.set(e.position());
                bus.publish(e);
            };
            holder[0] = Registry.open(dir, config.store(), config.clock(), config.ids(), publisher,
                    Thread.ofPlatform().daemon(false).factory(), config.background());
            published.set(holder[0].store().committedPosition()); // recovered: applied before open returned
            return new Orchestrator(dir, lock, holder[0], bus);
        } catch (IOException | RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    public Registry registry() {
        return registry;
    }

    public EventBus bus() {
        return bus;
    }

    public Path dataDir() {
        return dataDir;
    }

    public RecoveryReport recoveryReport() {
        return registry.store().recoveryReport();
    }

    /** Answers queued commands, stops subscribers, closes the journal, releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            try {
                registry.close();
            } finally {
                bus.close(); // subscribers stop even when closing the journal fails
            }
        } finally {
            lock.close();
        }
    }
}
