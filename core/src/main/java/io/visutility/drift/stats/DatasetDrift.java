package io.visutility.drift.stats;

import java.util.List;

/**
 * The outcome of comparing every feature of two data sets.
 *
 * @param features one result per feature, in the reference's column order
 * @param driftedShare the fraction of features that drifted
 * @param datasetDrift whether {@code driftedShare >= 0.5} (Evidently's default drift share)
 */
public record DatasetDrift(List<FeatureDrift> features, double driftedShare, boolean datasetDrift) {
    /** The share of drifted features at which the data set as a whole is said to have drifted. */
    public static final double DRIFT_SHARE = 0.5;

    public DatasetDrift {
        features = List.copyOf(features);
        if (!(driftedShare >= 0 && driftedShare <= 1)) {
            throw new IllegalArgumentException("expected a drifted share in [0, 1], but got " + driftedShare);
        }
    }

    /** The summary of the given per-feature results. */
    public static DatasetDrift of(List<FeatureDrift> features) {
        if (features.isEmpty()) {
            throw new IllegalArgumentException("expected at least one feature, but got none");
        }
        long drifted = features.stream().filter(FeatureDrift::drifted).count();
        double share = (double) drifted / features.size();
        return new DatasetDrift(features, share, share >= DRIFT_SHARE);
    }
}
