package io.visutility.retrain;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a successful training attempt produced: the artifact file (stored by checksum when the
 * version is registered) and its validation metrics (finite numbers).
 */
public record TrainingResult(Path artifact, Map<String, Double> metrics) {
    public TrainingResult {
        if (artifact == null) {
            throw new IllegalArgumentException("expected an artifact file but got none");
        }
        metrics.forEach((k, v) -> {
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException("expected a finite value for metric '" + k + "' but got " + v);
            }
        });
        metrics = Map.copyOf(metrics);
    }
}
