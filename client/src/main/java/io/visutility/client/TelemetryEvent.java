package io.visutility.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * One observation about a model version, as {@code POST /api/v1/telemetry} accepts it. The records
 * mirror the server's telemetry types one for one ({@code "type"} in the JSON is named on each);
 * {@code version} may be null when the sender does not know it. Values are checked by the server,
 * not here: an event it refuses is counted in {@link TelemetryStats#rejected()}.
 *
 * <p>Maps handed to an event must not change afterwards: the event is encoded later, on the sender's
 * thread.
 */
public sealed interface TelemetryEvent {
    String model();

    String version();

    Instant at();

    /** {@code latency}: how long one inference took, in milliseconds. */
    record Latency(String model, String version, Instant at, double millis) implements TelemetryEvent {}

    /**
     * {@code outcome}: whether one prediction was right, either {@code correct} directly (then
     * {@code predicted} and {@code actual} are null) or the predicted and the true label.
     */
    record Outcome(String model, String version, Instant at, Boolean correct, String predicted, String actual)
            implements TelemetryEvent {}

    /** {@code accuracy}: an accuracy in [0, 1] measured over {@code count} predictions (0: unknown). */
    record Accuracy(String model, String version, Instant at, double accuracy, long count) implements TelemetryEvent {}

    /** {@code classification}: precision, recall and F1 of a batch, each in [0, 1]. */
    record Classification(String model, String version, Instant at, double precision, double recall, double f1)
            implements TelemetryEvent {}

    /** {@code drift_score}: a drift score computed elsewhere; {@code kind} says how to read it. */
    record DriftScore(String model, String version, Instant at, String name, double value, ScoreKind kind)
            implements TelemetryEvent {}

    /** {@code inference_error}: an inference failed. */
    record InferenceError(String model, String version, Instant at, String message) implements TelemetryEvent {}

    /**
     * {@code features}: input statistics of one inference, numeric (brightness, contrast, embedding
     * components) and categorical (camera, site). Either map may be empty, neither null.
     */
    record Features(String model, String version, Instant at, Map<String, Double> numeric,
            Map<String, String> categorical) implements TelemetryEvent {}

    /** {@code custom}: anything else, a name and a JSON value. */
    record Custom(String model, String version, Instant at, String name, JsonNode payload) implements TelemetryEvent {}

    /** What a {@link DriftScore}'s value is. */
    enum ScoreKind {
        /** A probability under "no drift": small means drift. */
        P_VALUE("p_value"),
        /** A distance between distributions: large means drift. */
        DISTANCE("distance");

        private final String json;

        ScoreKind(String json) {
            this.json = json;
        }

        /** The name in the JSON. */
        public String json() {
            return json;
        }
    }
}
