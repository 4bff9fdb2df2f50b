package io.visutility.registry;

import java.util.Optional;

/**
 * What became of a retrain request: a new job was queued, it was merged into the model's active
 * job, or it was declined (the model is cooling down after its last job).
 *
 * @param job the queued or merged-into job; empty for a declined request
 * @param message what happened, for people
 */
public record RetrainRequestOutcome(Kind kind, Optional<RetrainJob> job, String message) {
    public enum Kind { QUEUED, MERGED, DECLINED }
}
