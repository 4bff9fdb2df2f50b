package io.visutility.monitor;

import java.util.Map;
import java.util.Optional;

/** Warns when the mean latency over a sliding window exceeds a maximum. */
final class LatencyDetector implements Detector {
    private final DetectorSpec.MaxLatency spec;
    private final FloatWindow window;

    LatencyDetector(DetectorSpec.MaxLatency spec) {
        this.spec = spec;
        this.window = new FloatWindow(spec.window());
    }

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public boolean consumes(Class<? extends Telemetry> kind) {
        return kind == Telemetry.Latency.class;
    }

    @Override
    public Optional<Detection> analyse(ModelKey key, Telemetry t) {
        if (!(t instanceof Telemetry.Latency l)) {
            return Optional.empty();
        }
        window.add(l.millis());
        if (window.size() < spec.minSamples()) {
            return Optional.empty();
        }
        double mean = window.mean();
        if (mean <= spec.maxMs()) {
            return Optional.empty();
        }
        return Optional.of(new Detection(key, name(), Severity.WARNING, String.format(
                "mean latency of the last %d inferences is %.1f ms, above the maximum of %.1f ms", window.size(),
                mean, spec.maxMs()), Map.of("mean_ms", mean, "max_ms", spec.maxMs(), "window", window.size()),
                t.at()));
    }

}
