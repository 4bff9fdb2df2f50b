package io.visutility.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.visutility.event.Lineage;
import io.visutility.registry.NewVersion;
import io.visutility.registry.RegistryException;
import java.util.Map;

/** The JSON bodies the API accepts, field for field (snake_case on the wire). */
final class RequestBodies {
    private RequestBodies() {}

    /** {@code POST /api/v1/models/{name}/versions}. */
    record Register(String version, String artifactSha256, Map<String, JsonNode> metrics, Map<String, String> tags,
            Map<String, JsonNode> params, LineageBody lineage) {

        NewVersion toNewVersion(String model) {
            require("version", version);
            require("artifact_sha256", artifactSha256);
            if (metrics != null) {
                metrics.forEach(Register::checkMetric);
            }
            Lineage l = lineage == null ? Lineage.NONE
                    : new Lineage(lineage.parentVersion(), lineage.trainingJobId(), lineage.reason());
            return new NewVersion(model, version, artifactSha256, metrics, tags, params, l);
        }

        /** A metric is a number or an object of them (as the CLI's --metric); "NaN" as text is not a number. */
        private static void checkMetric(String name, JsonNode value) {
            if (value == null || !(value.isNumber() || value.isObject())) {
                throw invalid("expected metric '" + name + "' to be a number or an object of numbers but got "
                        + Json.describe(value));
            }
            value.fields().forEachRemaining(f -> {
                if (!f.getValue().isNumber()) {
                    throw invalid("expected metric '" + name + "." + f.getKey() + "' to be a number but got "
                            + Json.describe(f.getValue()));
                }
            });
        }

    }

    /** Lineage as sent by a client. */
    record LineageBody(String parentVersion, String trainingJobId, String reason) {}

    /** {@code PUT /api/v1/models/{name}/aliases/{alias}}. */
    record MoveAlias(String version) {
        String requiredVersion() {
            return require("version", version);
        }
    }

    /** {@code POST /api/v1/models/{name}/versions/{version}/deprecate}. */
    record Deprecate(String reason) {}

    /** A request whose only field is an optional reason: retrain, cancel, rollback. */
    record Reason(String reason) {}

    /** {@code POST …/versions/{version}/approve} and {@code …/reject}: the alias (default production) and a note. */
    record Decision(String alias, String note) {}

    static String require(String field, String value) {
        if (value == null) {
            throw invalid("expected field '" + field + "' in the request body but it is missing or null");
        }
        return value;
    }

    static RegistryException invalid(String message) {
        return new RegistryException(RegistryException.Code.INVALID_INPUT, message);
    }
}
