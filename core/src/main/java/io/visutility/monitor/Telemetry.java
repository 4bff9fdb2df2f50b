package io.visutility.monitor;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * One observation sent by a serving endpoint about a model version. Immutable records, one per
 * kind; as JSON each carries {@code "type"} (the kind's name below), {@code "model"}, optional
 * {@code "version"} and {@code "at"} (ISO-8601), plus its own fields. Values are checked by
 * {@link TelemetryValidator} before any detector sees them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Telemetry.Latency.class, name = "latency"),
        @JsonSubTypes.Type(value = Telemetry.Outcome.class, name = "outcome"),
        @JsonSubTypes.Type(value = Telemetry.AccuracySample.class, name = "accuracy"),
        @JsonSubTypes.Type(value = Telemetry.ClassificationMetrics.class, name = "classification"),
        @JsonSubTypes.Type(value = Telemetry.DriftScore.class, name = "drift_score"),
        @JsonSubTypes.Type(value = Telemetry.InferenceError.class, name = "inference_error"),
        @JsonSubTypes.Type(value = Telemetry.FeatureSample.class, name = "features"),
        @JsonSubTypes.Type(value = Telemetry.CustomMetric.class, name = "custom")})
public sealed interface Telemetry {

    String model();

    /** The model version, or null when the sender does not say. */
    String version();

    Instant at();

    @JsonIgnore
    default ModelKey key() {
        return new ModelKey(model(), version());
    }

    /** How long one inference took, in milliseconds. */
    record Latency(String model, String version, Instant at, double millis) implements Telemetry {}

    /**
     * Whether one prediction was right: either {@code correct} directly, or the predicted and the
     * true label (then correct means they are equal).
     */
    record Outcome(String model, String version, Instant at, Boolean correct, String predicted, String actual)
            implements Telemetry {
        /** Whether the prediction was right (validation guarantees one of the two forms). */
        public boolean predictionWasRight() {
            return correct != null ? correct : predicted.equals(actual);
        }
    }

    /** An accuracy measured by the sender over {@code count} predictions (count 0: unknown). */
    record AccuracySample(String model, String version, Instant at, double accuracy, long count)
            implements Telemetry {}

    /** Batch classification quality: precision, recall and F1, each in [0, 1]. */
    record ClassificationMetrics(String model, String version, Instant at, double precision, double recall,
            double f1) implements Telemetry {}

    /**
     * A drift score computed outside (for example by a data-quality job). {@code kind} says what
     * the value is: a p-value (small means drift) or a distance (large means drift).
     */
    record DriftScore(String model, String version, Instant at, String name, double value, ScoreKind kind)
            implements Telemetry {}

    /** What a drift score's value is. */
    enum ScoreKind {
        /** Probability under "no drift"; drift when below the threshold. */
        P_VALUE,
        /** Distance between distributions; drift when at or above the threshold. */
        DISTANCE;

        @com.fasterxml.jackson.annotation.JsonValue
        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static ScoreKind parse(String s) {
            for (ScoreKind k : values()) {
                if (k.jsonName().equals(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("expected kind p_value or distance but got '" + s + "'");
        }
    }

    /** An inference failed. */
    record InferenceError(String model, String version, Instant at, String message) implements Telemetry {}

    /**
     * Input statistics of one inference: named numeric features (for images brightness, contrast,
     * sharpness, colour statistics, embedding components) and categorical ones (camera id, site).
     */
    record FeatureSample(String model, String version, Instant at, Map<String, Double> numeric,
            Map<String, String> categorical) implements Telemetry {
        public FeatureSample {
            numeric = numeric == null ? Map.of() : numeric;
            categorical = categorical == null ? Map.of() : categorical;
        }
    }

    /** Anything else worth keeping next to the model: a name and a JSON value. */
    record CustomMetric(String model, String version, Instant at, String name, JsonNode payload)
            implements Telemetry {}
}
