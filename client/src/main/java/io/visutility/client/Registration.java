package io.visutility.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link VisutilityClient#register(String, Registration)} sends: a version of an artifact already
 * uploaded, with its metrics, tags, hyper-parameters and lineage.
 *
 * <pre>{@code
 * Registration r = Registration.builder("1.1.0", artifact.sha256())
 *         .metric("f1", 0.85)
 *         .tag("project", "traffic")
 *         .param("lr", 0.01)
 *         .parentVersion("1.0.0")
 *         .build();
 * }</pre>
 *
 * @param version a semantic version, e.g. {@code 1.1.0}
 * @param artifactSha256 the SHA-256 of an uploaded artifact
 * @param metrics name to a finite number
 * @param tags name to text
 * @param params hyper-parameters: name to a finite number, text, boolean, or a list or map of them
 * @param lineage where the version came from ({@link ModelVersion.Lineage} parts may be null)
 */
public record Registration(String version, String artifactSha256, Map<String, Double> metrics,
        Map<String, String> tags, Map<String, Object> params, ModelVersion.Lineage lineage) {

    public Registration {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(artifactSha256, "artifactSha256");
        metrics = Map.copyOf(metrics);
        tags = Map.copyOf(tags);
        params = Map.copyOf(params);
        lineage = lineage == null ? ModelVersion.Lineage.NONE : lineage;
    }

    /** A registration of {@code version} for the artifact with digest {@code artifactSha256}. */
    public static Builder builder(String version, String artifactSha256) {
        return new Builder(version, artifactSha256);
    }

    /** Collects the optional parts of a {@link Registration}. Not thread-safe. */
    public static final class Builder {
        private final String version;
        private final String artifactSha256;
        private final Map<String, Double> metrics = new LinkedHashMap<>();
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final Map<String, Object> params = new LinkedHashMap<>();
        private String parentVersion;
        private String trainingJobId;
        private String reason;

        private Builder(String version, String artifactSha256) {
            this.version = Objects.requireNonNull(version, "version");
            this.artifactSha256 = Objects.requireNonNull(artifactSha256, "artifactSha256");
        }

        public Builder metric(String name, double value) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("expected a finite value for metric '" + name + "' but got " + value);
            }
            metrics.put(name, value);
            return this;
        }

        public Builder metrics(Map<String, Double> values) {
            values.forEach(this::metric);
            return this;
        }

        public Builder tag(String name, String value) {
            tags.put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder tags(Map<String, String> values) {
            values.forEach(this::tag);
            return this;
        }

        public Builder param(String name, Object value) {
            params.put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder params(Map<String, ?> values) {
            values.forEach(this::param);
            return this;
        }

        public Builder parentVersion(String parentVersion) {
            this.parentVersion = parentVersion;
            return this;
        }

        public Builder trainingJobId(String trainingJobId) {
            this.trainingJobId = trainingJobId;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Registration build() {
            return new Registration(version, artifactSha256, metrics, tags, params,
                    new ModelVersion.Lineage(parentVersion, trainingJobId, reason));
        }
    }
}
