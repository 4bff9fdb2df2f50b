package io.visutility.event;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Where a model version came from. Every field may be null.
 *
 * @param parentVersion the version this one was trained from
 * @param trainingJobId the retrain job that produced it
 * @param reason why it was trained (a detection, a manual request)
 */
public record Lineage(String parentVersion, String trainingJobId, String reason) {
    public static final Lineage NONE = new Lineage(null, null, null);

    @JsonIgnore
    public boolean isEmpty() {
        return parentVersion == null && trainingJobId == null && reason == null;
    }
}
