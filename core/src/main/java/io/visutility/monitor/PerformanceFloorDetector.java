package io.visutility.monitor;

import java.util.Map;
import java.util.Optional;

/** Drift when a batch's mean of precision and recall falls below a floor. */
final class PerformanceFloorDetector implements Detector {
    private final DetectorSpec.PerformanceFloor spec;

    PerformanceFloorDetector(DetectorSpec.PerformanceFloor spec) {
        this.spec = spec;
    }

    @Override
    public String name() {
        return "performance_floor";
    }

    @Override
    public boolean consumes(Class<? extends Telemetry> kind) {
        return kind == Telemetry.ClassificationMetrics.class;
    }

    @Override
    public Optional<Detection> analyse(ModelKey key, Telemetry t) {
        if (!(t instanceof Telemetry.ClassificationMetrics c)) {
            return Optional.empty();
        }
        double score = (c.precision() + c.recall()) / 2;
        if (score >= spec.min()) {
            return Optional.empty();
        }
        return Optional.of(new Detection(key, name(), Severity.DRIFT, String.format(
                "(precision %.3f + recall %.3f) / 2 = %.3f, below the floor of %.3f", c.precision(), c.recall(),
                score, spec.min()), Map.of("precision", c.precision(), "recall", c.recall(), "f1", c.f1(), "score",
                score, "min", spec.min()), t.at()));
    }

}
