package io.visutility.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * Attempt {@code attempt} (1, 2, …) of a retrain job started training with these hyper-parameters
 * (trial {@code trial} of the model's study).
 *
 * @param log the attempt's log file, relative to the data directory
 */
public record RetrainStarted(String model, String jobId, int attempt, Integer trial, JsonNode params, String log,
        Instant startedAt) implements Event {}
