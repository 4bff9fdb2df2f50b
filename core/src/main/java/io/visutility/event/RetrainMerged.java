package io.visutility.event;

import java.time.Instant;

/**
 * A retrain request arrived while the model's job {@code jobId} was still active (queued, running or
 * waiting to retry) and was merged into it: no second job, its reason recorded on the first.
 */
public record RetrainMerged(String model, String jobId, String trigger, String reason, String detection,
        Instant mergedAt) implements Event {}
