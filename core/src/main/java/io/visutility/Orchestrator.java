package io.visutility;

import io.visutility.bus.EventBus;
import io.visutility.bus.EventSource;
import io.visutility.bus.FailurePolicy;
import io.visutility.bus.SubscriptionOptions;
import io.visutility.retrain.RetrainConfig;
import io.visutility.retrain.RetrainConfigJson;
import io.visutility.retrain.BusCursor;
import io.visutility.retrain.Retrainer;
import io.visutility.bus.EventHandler;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.visutility.event.DetectionRaised;
import io.visutility.event.EventCodec;
import io.visutility.event.JournaledEvent;
import io.visutility.monitor.Detection;
import io.visutility.monitor.MonitorGroup;
import io.visutility.monitor.MonitorPolicy;
import io.visutility.monitor.RegistryCatalog;
import io.visutility.monitor.TelemetryBus;
import io.visutility.monitor.TelemetryValidator;
import io.visutility.journal.DataDirectoryLock;
import io.visutility.journal.RecoveryReport;
import io.visutility.registry.Registry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One orchestrator process's hold on a data directory: the lock, the registry (and its journal) and
 * the event bus, wired together. Open it, use {@link #registry()} and {@link #bus()}, close it.
 */
public final class Orchestrator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Orchestrator.class.getName());
    /** The name under which the monitor observes the telemetry bus. */
    public static final String MONITOR = "monitor";

    private final DataDirectoryLock lock;
    private final Registry registry;
    private final EventBus bus;
    private final Path dataDir;
    private final TelemetryBus telemetry;
    private final MonitorGroup monitor;
    /** The name under which the retrainer follows the event bus. */
    public static final String RETRAINER = "retrainer";

    private final LongAdder detectionsNotRecorded = new LongAdder();
    private final Retrainer retrainer;
    /** Where the retrainer is on the bus, saved each tick when this process retrains every model. */
    private final BusCursor cursor;
    private final boolean resumeRetraining;
    private final ScheduledExecutorService ticker;

    private Orchestrator(Path dataDir, DataDirectoryLock lock, Registry registry, EventBus bus, OrchestratorConfig config) {
        this.dataDir = dataDir;
        this.lock = lock;
        this.registry = registry;
        this.bus = bus;
        this.retrainer = new Retrainer(registry, dataDir, config.clock(), config.jobs(), config.maxConcurrentJobs(),
                config.retrains());
        retrainer.recover();
        this.cursor = new BusCursor(dataDir.resolve("retrainer.cursor"));
        boolean resume = config.resumeRetraining();
        long from = resume ? cursor.saved().orElse(SubscriptionOptions.LIVE) : SubscriptionOptions.LIVE;
        // Until the subscription hands over its first event, the cursor stands where it starts (a live start
        // is no later than the journal's end now): a process that closes before the retrainer saw anything
        // still leaves a cursor, so its events are handled at the next start instead of being skipped as old.
        cursor.handled(from == SubscriptionOptions.LIVE ? registry.store().committedPosition() : from);
        EventHandler handler = retrainer.handler();
        bus.subscribe(RETRAINER, event -> {
            handler.onEvent(event);
            cursor.handled(event.position());
        }, (from == SubscriptionOptions.LIVE ? SubscriptionOptions.live() : SubscriptionOptions.after(from))
                .withFailurePolicy(FailurePolicy.logAndSkip()));
        this.resumeRetraining = resume;
        // retries fall due as time passes; nothing else would wake the retrainer for them
        this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("retrain-ticker").daemon()
                .factory());
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        RegistryCatalog catalog = new RegistryCatalog(registry);
        // one monitor partition per core: per-model state is memory-bound with many models
        this.monitor = new MonitorGroup(Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())),
                catalog, this::policyOf, catalog, this::record);
        this.telemetry = new TelemetryBus(new TelemetryValidator(catalog),
                Thread.ofPlatform().name("telemetry-", 0).daemon().factory(), TelemetryBus.DEFAULT_CAPACITY);
        monitor.observe(telemetry, MONITOR);
    }

    private MonitorPolicy policyOf(String model) {
        return registry.monitorPolicy(model).map(json -> MonitorPolicy.parse(json.toString())).orElse(null);
    }

    /** Journals a detection (without waiting: this runs on the monitor's thread). */
    private void record(Detection d) {
        DetectionRaised event = new DetectionRaised(d.key().model(), d.key().version(), d.detector(),
                d.severity().jsonName(), d.reason(), EventCodec.mapper().valueToTree(d.evidence()), d.at());
        registry.recordDetection(event).whenComplete((ok, failure) -> {
            if (failure != null) {
                detectionsNotRecorded.increment();
                LOG.log(System.Logger.Level.WARNING, "could not journal detection " + d.detector() + " for "
                        + d.key() + ": " + failure.getMessage());
            }
        });
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
            try {
                return new Orchestrator(dir, lock, holder[0], bus, config);
            } catch (RuntimeException | Error e) {
                holder[0].close(); // recovering the retrain jobs failed: stop the writer before releasing the lock
                bus.close();
                throw e;
            }
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

    /** Where serving endpoints' telemetry goes in: validated, then analysed by the {@link #monitor()}. */
    public TelemetryBus telemetry() {
        return telemetry;
    }

    public MonitorGroup monitor() {
        return monitor;
    }

    /** Retraining: configure models, request retrains, cancel jobs. Detections and deprecations reach it through the bus. */
    public Retrainer retrainer() {
        return retrainer;
    }

    /**
     * Gives a registered model its retrain configuration, durably (its trainer must be a command;
     * in-process trainers are set with {@code retrainer().configure}). Queued jobs of the model can
     * then run.
     *
     * @throws IllegalArgumentException for an in-process trainer (nothing is recorded)
     */
    public RetrainConfig setRetrainConfig(String model, RetrainConfig config) {
        registry.setRetrainConfig(model, RetrainConfigJson.toJson(config));
        retrainer.dispatch();
        return config;
    }

    private void tick() {
        try {
            if (resumeRetraining) {
                cursor.save();
            }
            retrainer.dispatch();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "retrain dispatch failed: " + e);
        }
    }

    /** Detections the monitor raised that could not be journaled (the model vanished, the journal failed). */
    public long detectionsNotRecorded() {
        return detectionsNotRecorded.sum();
    }

    /**
     * Gives a registered model its own monitor policy, durably; its detectors restart under it with
     * the next telemetry.
     *
     * @throws IllegalArgumentException when the policy is invalid (nothing is recorded)
     */
    public MonitorPolicy setMonitorPolicy(String model, MonitorPolicy policy) {
        try {
            registry.setMonitorPolicy(model, EventCodec.mapper().readTree(policy.toJson()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the monitor policy of '" + model + "' as JSON", e);
        }
        monitor.reset(model);
        return policy;
    }

    /** The policy that applies to a model: its own, or the default. */
    public MonitorPolicy monitorPolicy(String model) {
        MonitorPolicy own = policyOf(model);
        return own == null ? MonitorPolicy.defaults() : own;
    }

    public RecoveryReport recoveryReport() {
        return registry.store().recoveryReport();
    }

    /** Answers queued commands, stops subscribers, closes the journal, releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            try {
                ticker.shutdownNow();
                telemetry.close(); // queued telemetry is analysed; its detections are journaled below
                retrainer.close(); // running attempts record themselves interrupted before the journal closes
                if (resumeRetraining) {
                    cursor.save();
                }
                registry.close();
            } finally {
                bus.close(); // subscribers stop even when closing the journal fails
            }
        } finally {
            lock.close();
        }
    }
}
