package io.visutility.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.event.Lineage;
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
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        params = params == null ? Map.of() : Map.copyOf(params);
        lineage = lineage == null ? Lineage.NONE : lineage;
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
