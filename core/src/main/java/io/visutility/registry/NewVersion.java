package io.visutility.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.event.Lineage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A registration request: which model and version, the checksum of an artifact already in the
 * {@link ArtifactStore}, and metadata.
 *
 * @param metrics validation metrics, any JSON values (numbers such as mAP, F1, latency)
 * @param tags string labels, e.g. {@code project=traffic}
 * @param params hyper-parameters the version was trained with
 */
public record NewVersion(String model, String version, String sha256, Map<String, JsonNode> metrics,
        Map<String, String> tags, Map<String, JsonNode> params, Lineage lineage) {

    public NewVersion {
        metrics = copy(metrics);
        tags = copy(tags);
        params = copy(params);
        lineage = lineage == null ? Lineage.NONE : lineage;
    }

    /**
     * An unmodifiable copy that keeps null keys and values (unlike {@code Map.copyOf}, which would
     * throw a bare NullPointerException here), so that {@link Registry#validate} refuses them with a
     * message naming the entry.
     */
    private static <V> Map<String, V> copy(Map<String, V> m) {
        return m == null || m.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    public static NewVersion of(String model, String version, String sha256) {
        return new NewVersion(model, version, sha256, Map.of(), Map.of(), Map.of(), Lineage.NONE);
    }

    public NewVersion withMetrics(Map<String, JsonNode> m) {
        return new NewVersion(model, version, sha256, m, tags, params, lineage);
    }

    public NewVersion withTags(Map<String, String> t) {
        return new NewVersion(model, version, sha256, metrics, t, params, lineage);
    }

    public NewVersion withParams(Map<String, JsonNode> p) {
        return new NewVersion(model, version, sha256, metrics, tags, p, lineage);
    }

    public NewVersion withLineage(Lineage l) {
        return new NewVersion(model, version, sha256, metrics, tags, params, l);
    }
}
