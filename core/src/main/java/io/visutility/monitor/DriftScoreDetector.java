package io.visutility.monitor;

import java.util.Map;
import java.util.Optional;

/**
 * Drift when an externally computed score crosses its threshold, with the direction made explicit
 * by the score's kind: a p-value below the threshold, or a distance at or above it.
 */
final class DriftScoreDetector implements Detector {
    private final DetectorSpec.DriftScoreThreshold spec;

    DriftScoreDetector(DetectorSpec.DriftScoreThreshold spec) {
        this.spec = spec;
    }

    @Override
    public String name() {
        return "drift_score";
    }

    @Override
    public boolean consumes(Class<? extends Telemetry> kind) {
        return kind == Telemetry.DriftScore.class;
    }

    @Override
    public Optional<Detection> analyse(ModelKey key, Telemetry t) {
        if (!(t instanceof Telemetry.DriftScore d)) {
            return Optional.empty();
        }
        boolean pValue = d.kind() == Telemetry.ScoreKind.P_VALUE;
        double threshold = pValue ? spec.pValueBelow() : spec.distanceAtLeast();
        boolean drift = pValue ? d.value() < threshold : d.value() >= threshold;
        if (!drift) {
            return Optional.empty();
        }
        String reason = pValue
                ? String.format("drift score '%s' has p-value %.3g, below %.3g", d.name(), d.value(), threshold)
                : String.format("drift score '%s' is a distance of %.3g, at or above %.3g", d.name(), d.value(),
                        threshold);
        return Optional.of(new Detection(key, name(), Severity.DRIFT, reason, Map.of("score", d.name(),
                "kind", d.kind().jsonName(), "value", d.value(), "threshold", threshold), t.at()));
    }

}
