package io.visutility.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * An attempt of a retrain job ended, or a queued job was cancelled before it ran.
 *
 * @param outcome {@code succeeded}, {@code failed}, {@code cancelled} or {@code interrupted} (the process
 *     stopped while it ran)
 * @param reason why it failed, was cancelled or interrupted; null on success
 * @param newVersion the version registered from it, on success
 * @param metrics the validation metrics the trainer reported, or null
 * @param retryAt when a failed or interrupted job will be tried again; null when it will not
 */
public record RetrainFinished(String model, String jobId, int attempt, String outcome, String reason,
        String newVersion, JsonNode metrics, Instant retryAt, Instant finishedAt) implements Event {}
