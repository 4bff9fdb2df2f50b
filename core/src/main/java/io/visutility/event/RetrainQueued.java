package io.visutility.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A retrain request created job {@code jobId} for a model that had no active job. The job is queued
 * until the retrainer starts it.
 *
 * @param parentVersion the version to retrain from (the production version, else the latest), or null
 * @param trigger {@code detection}, {@code deprecation} or {@code manual}
 * @param evidence the statistics behind the request (a detection's evidence), or null
 * @param detection the triggering detection as {@code detector/severity@detected_at}, or null
 */
public record RetrainQueued(String model, String jobId, String parentVersion, String trigger, String reason,
        JsonNode evidence, String detection, Instant queuedAt) implements Event {}
