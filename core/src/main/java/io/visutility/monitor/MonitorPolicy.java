package io.visutility.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.visutility.drift.stats.DriftMethod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which detectors watch a model, with their thresholds and windows, and how long a detector stays
 * quiet after it fired ({@code cooldown_seconds}, measured on telemetry timestamps so that a replay
 * gives the same detections). As JSON:
 * <pre>{@code
 * {"cooldown_seconds": 60,
 *  "detectors": [{"type": "latency", "max_ms": 500},
 *                {"type": "change", "detector": "ddm", "stream": "errors"},
 *                {"type": "feature_drift", "method": "auto", "window": 200}]}
 * }</pre>
 * A model without a policy of its own gets {@link #defaults()}.
 */
public record MonitorPolicy(long cooldownSeconds, List<DetectorSpec> detectors) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("drift-methods")
                    .addSerializer(DriftMethod.class, new com.fasterxml.jackson.databind.JsonSerializer<>() {
                        @Override
                        public void serialize(DriftMethod m, com.fasterxml.jackson.core.JsonGenerator g,
                                com.fasterxml.jackson.databind.SerializerProvider p) throws java.io.IOException {
                            g.writeString(m.cliName());
                        }
                    })
                    .addDeserializer(DriftMethod.class, new com.fasterxml.jackson.databind.JsonDeserializer<>() {
                        @Override
                        public DriftMethod deserialize(com.fasterxml.jackson.core.JsonParser p,
                                com.fasterxml.jackson.databind.DeserializationContext c) throws java.io.IOException {
                            return DriftMethod.parse(p.getValueAsString());
                        }
                    }));

    public MonitorPolicy {
        if (cooldownSeconds < 0) {
            throw new IllegalArgumentException("expected cooldown_seconds >= 0 but got " + cooldownSeconds);
        }
        if (detectors == null || detectors.isEmpty()) {
            throw new IllegalArgumentException("expected at least one detector in the policy but got none");
        }
        Set<String> names = new HashSet<>();
        for (DetectorSpec d : detectors) {
            if (d == null) {
                throw new IllegalArgumentException("expected a detector but got null in the policy's list");
            }
            String name = d.create().name();
            if (!names.add(name)) {
                throw new IllegalArgumentException("the policy lists detector '" + name + "' twice");
            }
        }
        detectors = List.copyOf(detectors);
    }

    /**
     * The policy every model gets unless it has its own: latency above 1 s, more than 5 % failed
     * inferences, external drift scores (p &lt; 0.05, distance ≥ 0.1), accuracy decay (window 50,
     * drop 0.05), performance floor 0.5, DDM on prediction errors, and feature drift (auto method,
     * reference and window 200); cooldown 60 s.
     */
    public static MonitorPolicy defaults() {
        return new MonitorPolicy(60, List.of(
                new DetectorSpec.MaxLatency(1_000, 0, 0),
                new DetectorSpec.ErrorRate(0.05, 0, 0),
                new DetectorSpec.DriftScoreThreshold(0, 0),
                new DetectorSpec.AccuracyDecay(0, 0),
                new DetectorSpec.PerformanceFloor(0.5),
                new DetectorSpec.Change("ddm", DetectorSpec.Change.Stream.ERRORS, Map.of()),
                new DetectorSpec.FeatureDrift(DriftMethod.AUTO, 0, 0, 0)));
    }

    /**
     * Reads a policy from JSON.
     *
     * @throws IllegalArgumentException saying what is wrong and where
     */
    public static MonitorPolicy parse(String json) {
        try {
            MonitorPolicy p = JSON.readValue(json, MonitorPolicy.class);
            if (p == null) {
                throw new IllegalArgumentException("expected a monitor policy object but got null");
            }
            return p;
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            String where = e.getPath().isEmpty() ? "" : " at " + path(e);
            if (cause instanceof IllegalArgumentException iae) {
                throw new IllegalArgumentException("invalid monitor policy" + where + ": " + iae.getMessage(), iae);
            }
            throw new IllegalArgumentException("invalid monitor policy" + where + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("monitor policy is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String path(JsonMappingException e) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference r : e.getPath()) {
            parts.add(r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]");
        }
        return String.join(".", parts).replace(".[", "[");
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a monitor policy as JSON", e);
        }
    }

    /** Fresh detectors for one model version. */
    List<Detector> newDetectors(FeatureProfile profile) {
        List<Detector> out = new ArrayList<>(detectors.size());
        for (DetectorSpec d : detectors) {
            out.add(d instanceof DetectorSpec.FeatureDrift f ? new FeatureDriftDetector(f, profile) : d.create());
        }
        return out;
    }
}
