package io.visutility.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A registered version of a model, as the server describes it.
 *
 * @param model the model's name
 * @param version the semantic version, e.g. {@code 1.2.0}
 * @param id the server's id of the version
 * @param sha256 the SHA-256 of its artifact
 * @param size the artifact's length in bytes
 * @param aliases the aliases it holds, e.g. {@code [production]}
 * @param deprecated whether it was deprecated (then it holds no alias)
 * @param deprecationReason why, when deprecated with a reason; else null
 * @param deprecatedAt when, when deprecated; else null
 * @param metrics name to a number, or to an object of numbers
 * @param tags name to text
 * @param params hyper-parameters: name to any JSON value
 * @param lineage where it came from (every part may be null)
 * @param createdAt when it was registered
 */
public record ModelVersion(String model, String version, String id, String sha256, long size, List<String> aliases,
        boolean deprecated, String deprecationReason, Instant deprecatedAt, Map<String, JsonNode> metrics,
        Map<String, String> tags, Map<String, JsonNode> params, Lineage lineage, Instant createdAt) {

    public ModelVersion {
        aliases = List.copyOf(aliases);
        metrics = Map.copyOf(metrics);
        tags = Map.copyOf(tags);
        params = Map.copyOf(params);
    }

    /** The metric {@code name} when it is a number; empty when absent or an object. */
    public OptionalDouble metric(String name) {
        JsonNode value = metrics.get(name);
        return value != null && value.isNumber() ? OptionalDouble.of(value.doubleValue()) : OptionalDouble.empty();
    }

    /** Whether the version holds {@code alias}. */
    public boolean holds(String alias) {
        return aliases.contains(alias);
    }

    /**
     * Where a version came from; any part may be null.
     *
     * @param parentVersion the version it was trained from
     * @param trainingJobId the job that trained it
     * @param reason why it was trained
     */
    public record Lineage(String parentVersion, String trainingJobId, String reason) {
        static final Lineage NONE = new Lineage(null, null, null);
    }
}
