package io.visutility.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A monitor detector found that a model version got worse.
 *
 * @param version the model version, or null when the telemetry did not name one
 * @param severity {@code warning} or {@code drift}
 * @param evidence the statistics behind it, as a JSON object
 * @param detectedAt the timestamp of the telemetry that triggered it
 */
public record DetectionRaised(String model, String version, String detector, String severity, String reason,
        JsonNode evidence, Instant detectedAt) implements Event {}
