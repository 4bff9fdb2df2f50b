package io.visutility.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.registry.ModelVersion;
import io.visutility.registry.Registry;
import io.visutility.registry.RegistryException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry as a {@link ModelCatalog} and a source of {@link ReferenceProfiles}. Keys that
 * resolve are cached (registrations are never removed); unknown keys are asked again each time, so
 * telemetry for a model registered a moment later is accepted. A {@code project/pipeline} key
 * resolves to the model whose versions carry the tags {@code project} and {@code pipeline}. A
 * version's reference profile is its {@code reference_profile} parameter:
 * {@code {"numeric": {"brightness": [0.41, …]}, "categorical": {"camera": ["c1", …]}}}.
 */
public final class RegistryCatalog implements ModelCatalog, ReferenceProfiles {
    /** The registration parameter that holds a version's reference feature profile. */
    public static final String PROFILE_PARAM = "reference_profile";

    private final Registry registry;
    private final ConcurrentHashMap<ModelKey, ModelKey> known = new ConcurrentHashMap<>();
    /**
     * What validation asks per telemetry, answered with one map lookup: the versions known to be
     * registered, by model name ("" for telemetry without a version), as a small copy-on-write array.
     */
    private final ConcurrentHashMap<String, String[]> knownVersions = new ConcurrentHashMap<>();

    public RegistryCatalog(Registry registry) {
        this.registry = registry;
    }

    @Override
    public boolean knows(String model, String version) {
        String v = version == null ? "" : version;
        String[] versions = knownVersions.get(model);
        if (versions != null) {
            for (String k : versions) {
                if (k == v || k.equals(v)) {
                    return true;
                }
            }
        }
        if (resolve(new ModelKey(model, version)).isEmpty()) {
            return false;
        }
        if (knownVersions.size() < 1_000_000) {
            knownVersions.compute(model, (m, old) -> {
                if (old == null) {
                    return new String[] {v};
                }
                if (old.length >= 64 || java.util.Arrays.asList(old).contains(v)) {
                    return old;
                }
                String[] next = java.util.Arrays.copyOf(old, old.length + 1);
                next[old.length] = v;
                return next;
            });
        }
        return true;
    }

    @Override
    public Optional<ModelKey> resolve(ModelKey key) {
        ModelKey hit = known.get(key);
        if (hit != null) {
            return Optional.of(hit);
        }
        ModelKey found = lookUp(key);
        if (found == null) {
            return Optional.empty();
        }
        if (known.size() < 1_000_000) {
            known.put(key, found);
        }
        return Optional.of(found);
    }

    private ModelKey lookUp(ModelKey key) {
        String model = key.model();
        int slash = model.indexOf('/');
        if (slash > 0) {
            model = byProjectAndPipeline(model.substring(0, slash), model.substring(slash + 1));
            if (model == null) {
                return null;
            }
        }
        try {
            if (key.version() == null) {
                return registry.latest(model, true).isPresent() ? new ModelKey(model, null) : null;
            }
            return registry.get(model, key.version()).isPresent() ? new ModelKey(model, key.version()) : null;
        } catch (RegistryException e) {
            return null; // not a valid model name or version: not a registered one either
        }
    }

    private String byProjectAndPipeline(String project, String pipeline) {
        try {
            List<ModelVersion> tagged = registry.findByTag("project", project);
            for (ModelVersion v : tagged) {
                if (pipeline.equals(v.tags().get("pipeline"))) {
                    return v.model();
                }
            }
        } catch (RegistryException e) {
            return null;
        }
        return null;
    }

    @Override
    public Optional<FeatureProfile> profile(ModelKey key) {
        if (key.version() == null) {
            return Optional.empty();
        }
        Optional<ModelVersion> v = registry.get(key.model(), key.version());
        JsonNode p = v.map(mv -> mv.params().get(PROFILE_PARAM)).orElse(null);
        if (p == null || !p.isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FeatureProfile(numbers(p.get("numeric")), strings(p.get("categorical"))));
        } catch (IllegalArgumentException e) {
            System.getLogger(RegistryCatalog.class.getName()).log(System.Logger.Level.WARNING,
                    "ignoring the reference profile of " + key + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Map<String, double[]> numbers(JsonNode node) {
        Map<String, double[]> out = new HashMap<>();
        if (node == null) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            double[] values = new double[e.getValue().size()];
            for (int i = 0; i < values.length; i++) {
                JsonNode n = e.getValue().get(i);
                if (!n.isNumber()) {
                    throw new IllegalArgumentException("expected numbers for feature '" + e.getKey() + "' but got " + n);
                }
                values[i] = n.asDouble();
            }
            out.put(e.getKey(), values);
        }
        return out;
    }

    private static Map<String, String[]> strings(JsonNode node) {
        Map<String, String[]> out = new HashMap<>();
        if (node == null) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String[] values = new String[e.getValue().size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = e.getValue().get(i).asText();
            }
            out.put(e.getKey(), values);
        }
        return out;
    }
}
