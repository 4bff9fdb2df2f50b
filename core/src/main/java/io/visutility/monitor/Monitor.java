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
    private final Map<String, Versions> byName = new HashMap<>();
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
        final MonitorPolicy policy;
        final Detector[] detectors;
        final long[] quietUntil;
        /** Indices of the detectors that consume each telemetry kind ({@link #kind}). */
        final int[][] byKind = new int[KINDS.size()][];

        ModelState(ModelKey key, MonitorPolicy policy, List<Detector> detectors) {
            this.key = key;
            this.policy = policy;
            this.detectors = detectors.toArray(Detector[]::new);
            this.quietUntil = new long[2 * this.detectors.length];
            java.util.Arrays.fill(quietUntil, Long.MIN_VALUE);
            for (int k = 0; k < KINDS.size(); k++) {
                Class<? extends Telemetry> kind = KINDS.get(k);
                byKind[k] = java.util.stream.IntStream.range(0, this.detectors.length)
                        .filter(i -> this.detectors[i].consumes(kind)).toArray();
            }
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
        ModelKey key = state.key;
        long now = t.at().getEpochSecond();
        Detector[] detectors = state.detectors;
        for (int i : state.byKind[kind(t)]) {
            Optional<Detection> d;
            try {
                d = detectors[i].analyse(key, t);
            } catch (RuntimeException e) {
                long f = ++detectorFailures;
                if (f == 1 || f % 10_000 == 0) {
                    LOG.log(System.Logger.Level.WARNING, "detector '" + detectors[i].name() + "' failed on "
                            + t.getClass().getSimpleName() + " for " + key + " (" + f + " failures so far)", e);
                }
                continue;
            }
            // one cooldown per detector and severity: a warning's cooldown never hides a drift
            int slot = d.isPresent() ? 2 * i + d.get().severity().ordinal() : 0;
            if (d.isPresent() && now >= state.quietUntil[slot]) {
                state.quietUntil[slot] = now + state.policy.cooldownSeconds();
                detections++;
                sink.accept(d.get());
            }
        }
    }

    /**
     * The state for telemetry sent as {@code model}/{@code version}: found by model name and then
     * version without allocating a key (most models have one active version); on a miss the key is
     * resolved through the catalog, and every spelling that resolves to the same version shares its
     * state.
     */
    private ModelState stateOf(String model, String version) {
        Versions vs = byName.get(model);
        if (vs != null) {
            if (Objects.equals(vs.lastVersion, version) && vs.last != null) {
                return vs.last;
            }
            ModelState s = vs.others.get(version);
            if (s != null) {
                vs.lastVersion = version;
                vs.last = s;
                return s;
            }
        }
        ModelKey resolvedKey = catalog.resolve(new ModelKey(model, version)).orElse(null);
        if (resolvedKey == null) {
            return null;
        }
        ModelState s = models.get(resolvedKey);
        if (s == null) {
            s = newState(resolvedKey);
            models.put(resolvedKey, s);
        }
        if (vs == null) {
            vs = new Versions();
            byName.put(model, vs);
        }
        vs.others.put(version, s);
        vs.lastVersion = version;
        vs.last = s;
        return s;
    }

    /** The states of the versions telemetry named under one model name; the last one used first. */
    private static final class Versions {
        String lastVersion;
        ModelState last;
        final Map<String, ModelState> others = new HashMap<>(4);
    }

    private ModelState newState(ModelKey key) {
        MonitorPolicy policy = policies.apply(key.model());
        if (policy == null) {
            policy = MonitorPolicy.defaults();
        }
        return new ModelState(key, policy, policy.newDetectors(profiles.profile(key).orElse(null)));
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
