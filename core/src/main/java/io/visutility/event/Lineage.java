package io.visutility.event;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Where a model version came from. Every field may be null.
 *
 * @param parentVersion the version this one was trained from
 * @param trainingJobId the retrain job that produced it
 * @param reason why it was trained (a detection, a manual request)
 * @param detection the detection that triggered the retrain, as {@code detector/severity@detected_at}
 *     (stable across snapshots, unlike journal positions); absent in records written before it existed
 */
public record Lineage(String parentVersion, String trainingJobId, String reason, String detection) {
    public static final Lineage NONE = new Lineage(null, null, null, null);

    public Lineage(String parentVersion, String trainingJobId, String reason) {
        this(parentVersion, trainingJobId, reason, null);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return parentVersion == null && trainingJobId == null && reason == null && detection == null;
    }
}
