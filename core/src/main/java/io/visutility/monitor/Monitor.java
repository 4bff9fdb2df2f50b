package io.visutility.monitor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs every monitored model version's detectors over its telemetry. A {@link TelemetryObserver}:
 * all state is confined to the one dispatch thread that calls it, so detectors need no locking.
 * Each model version gets fresh detectors from its model's policy (or the default one) on its first
 * telemetry; a detector that fired stays quiet for the policy's cooldown, measured on telemetry
 * timestamps. Detections go to the sink (in the orchestrator: journaled, then published on the event
 * bus). A detector that throws is isolated: the exception is logged and counted, and the model's
 * other detectors go on.
 */
public final class Monitor implements TelemetryObserver {
    private static final System.Logger LOG = System.getLogger(Monitor.class.getName());

    private final ModelCatalog catalog;
    private final Function<String, MonitorPolicy> policies;
    private final ReferenceProfiles profiles;
    private final Consumer<Detection> sink;
    private final Map<ModelKey, ModelState> models = new HashMap<>();
    /** By model name as sent: a {@link ModelState} (one version in use) or {@link Versions}. */
    private final Map<String, Object> byName = new HashMap<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<String> resets = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile long telemetrySeen;
    private volatile long detections;
    private volatile long detectorFailures;

    /**
     * @param catalog resolves the keys telemetry names
     * @param policies the policy of a model (by name); null means the default
     * @param profiles registered reference profiles for feature drift
     * @param sink receives every detection, on the monitor's thread; must not block for long
     */
    public Monitor(ModelCatalog catalog, Function<String, MonitorPolicy> policies, ReferenceProfiles profiles,
            Consumer<Detection> sink) {
        this.catalog = catalog;
        this.policies = policies;
        this.profiles = profiles;
        this.sink = sink;
    }

    /** The telemetry kinds, in the order {@link #kind} numbers them. */
    private static final List<Class<? extends Telemetry>> KINDS = List.of(Telemetry.Latency.class,
            Telemetry.Outcome.class, Telemetry.AccuracySample.class, Telemetry.ClassificationMetrics.class,
            Telemetry.DriftScore.class, Telemetry.InferenceError.class, Telemetry.FeatureSample.class,
            Telemetry.CustomMetric.class);

    private static int kind(Telemetry t) {
        return switch (t) {
            case Telemetry.Latency x -> 0;
            case Telemetry.Outcome x -> 1;
            case Telemetry.AccuracySample x -> 2;
            case Telemetry.ClassificationMetrics x -> 3;
            case Telemetry.DriftScore x -> 4;
            case Telemetry.InferenceError x -> 5;
            case Telemetry.FeatureSample x -> 6;
            case Telemetry.CustomMetric x -> 7;
        };
    }

    /** One model version's detectors and their cooldowns. */
    private static final class ModelState {
        final ModelKey key;
        /** The version string telemetry used to reach this state (spellings may differ from the key). */
        final String spelledVersion;
        final long cooldownSeconds;
        /** The detectors that consume each telemetry kind ({@link #kind}), each with its cooldowns. */
        final Slot[][] byKind;

        ModelState(ModelKey key, String spelledVersion, long cooldownSeconds, List<Detector> detectors) {
            this.key = key;
            this.spelledVersion = spelledVersion;
            this.cooldownSeconds = cooldownSeconds;
            this.byKind = new Slot[KINDS.size()][];
            List<Slot> slots = detectors.stream().map(Slot::new).toList();
            for (int k = 0; k < KINDS.size(); k++) {
                Class<? extends Telemetry> kind = KINDS.get(k);
                byKind[k] = slots.stream().filter(s -> s.detector.consumes(kind)).toArray(Slot[]::new);
            }
        }

        private ModelState(ModelState same, String spelledVersion) {
            this.key = same.key;
            this.spelledVersion = spelledVersion;
            this.cooldownSeconds = same.cooldownSeconds;
            this.byKind = same.byKind; // the same detectors, reached under another spelling
        }

        ModelState spelledAs(String version) {
            return new ModelState(this, version);
        }
    }

    /** A detector and, per severity, the telemetry second before which it stays quiet. */
    private static final class Slot {
        final Detector detector;
        long quietUntilWarning = Long.MIN_VALUE;
        long quietUntilDrift = Long.MIN_VALUE;

        Slot(Detector detector) {
            this.detector = detector;
        }
    }

    @Override
    public void onTelemetry(Telemetry t) {
        telemetrySeen++;
        if (!resets.isEmpty()) {
            applyResets();
        }
        ModelState state = stateOf(t.model(), t.version());
        if (state == null) {
            return; // the model vanished from the catalog after validation; nothing to attach to
        }
        for (Slot slot : state.byKind[kind(t)]) {
            Optional<Detection> found;
            try {
                found = slot.detector.analyse(state.key, t);
            } catch (RuntimeException e) {
                long f = ++detectorFailures;
                if (f == 1 || f % 10_000 == 0) {
                    LOG.log(System.Logger.Level.WARNING, "detector '" + slot.detector.name() + "' failed on "
                            + t.getClass().getSimpleName() + " for " + state.key + " (" + f + " failures so far)", e);
                }
                continue;
            }
            if (found.isEmpty()) {
                continue;
            }
            // one cooldown per detector and severity: a warning's cooldown never hides a drift
            Detection d = found.get();
            long now = t.at().getEpochSecond();
            boolean drift = d.severity() == Severity.DRIFT;
            if (now < (drift ? slot.quietUntilDrift : slot.quietUntilWarning)) {
                continue;
            }
            if (drift) {
                slot.quietUntilDrift = now + state.cooldownSeconds;
            } else {
                slot.quietUntilWarning = now + state.cooldownSeconds;
            }
            detections++;
            sink.accept(d);
        }
    }

    /**
     * The state for telemetry sent as {@code model}/{@code version}: found by model name and then
     * version without allocating a key (most models have one active version); on a miss the key is
     * resolved through the catalog, and every spelling that resolves to the same version shares its
     * state.
     */
    private ModelState stateOf(String model, String version) {
        Object found = byName.get(model);
        if (found instanceof ModelState s && Objects.equals(s.spelledVersion, version)) {
            return s; // the common case: one version of the model in use, one map lookup
        }
        Map<String, ModelState> versions = null;
        if (found instanceof Versions vs) {
            versions = vs.states;
            ModelState s = versions.get(version);
            if (s != null) {
                return s;
            }
        }
        ModelKey resolvedKey = catalog.resolve(new ModelKey(model, version)).orElse(null);
        if (resolvedKey == null) {
            return null;
        }
        ModelState canonical = models.get(resolvedKey);
        if (canonical == null) {
            canonical = newState(resolvedKey, version);
            models.put(resolvedKey, canonical);
        }
        ModelState s = Objects.equals(canonical.spelledVersion, version) ? canonical : canonical.spelledAs(version);
        if (found == null) {
            byName.put(model, s);
        } else {
            if (versions == null) {
                Versions vs = new Versions();
                ModelState only = (ModelState) found;
                vs.states.put(only.spelledVersion, only);
                byName.put(model, vs);
                versions = vs.states;
            }
            versions.put(version, s);
        }
        return s;
    }

    /** The states of a model name under which telemetry named several versions. */
    private static final class Versions {
        final Map<String, ModelState> states = new HashMap<>(4);
    }

    private ModelState newState(ModelKey key, String spelledVersion) {
        MonitorPolicy policy = policies.apply(key.model());
        if (policy == null) {
            policy = MonitorPolicy.defaults();
        }
        return new ModelState(key, spelledVersion, policy.cooldownSeconds(),
                policy.newDetectors(profiles.profile(key).orElse(null)));
    }

    /**
     * Forgets the detectors of {@code model}'s versions before the next telemetry is analysed, so
     * they restart under the model's (new) policy. Any thread.
     */
    public void reset(String model) {
        resets.add(model);
    }

    private void applyResets() {
        String model;
        while ((model = resets.poll()) != null) {
            String m = model;
            models.keySet().removeIf(k -> k.model().equals(m));
            byName.clear(); // spellings may resolve to the removed states; they are resolved again
        }
    }

    /** Model versions with detectors. */
    public int monitoredModels() {
        return models.size();
    }

    public long telemetrySeen() {
        return telemetrySeen;
    }

    public long detections() {
        return detections;
    }

    public long detectorFailures() {
        return detectorFailures;
    }

    /**
     * Runs recorded telemetry through a policy, as the live monitor would, and returns the
     * detections (offline tuning of policies; {@code visutility monitor replay}).
     */
    public static List<Detection> replay(MonitorPolicy policy, Iterable<Telemetry> telemetry,
            TelemetryValidator validator, Consumer<Rejection> rejected) {
        List<Detection> out = new ArrayList<>();
        Monitor m = new Monitor(ModelCatalog.any(), model -> policy, ReferenceProfiles.none(), out::add);
        for (Telemetry t : telemetry) {
            Rejection r = validator.check(t);
            if (r != null) {
                rejected.accept(r);
            } else {
                m.onTelemetry(t);
            }
        }
        return out;
    }

}
