package io.visutility.monitor;

import java.util.Map;
import java.util.Optional;

/**
 * Accuracy decay over a sliding window of accuracy samples: when the window is full and its first
 * sample minus its mean is at least the minimum drop, drift; the window is then cleared, so the next
 * detection needs a whole new window.
 */
final class AccuracyDecayDetector implements Detector {
    private final DetectorSpec.AccuracyDecay spec;
    private final FloatWindow window;

    AccuracyDecayDetector(DetectorSpec.AccuracyDecay spec) {
        this.spec = spec;
        this.window = new FloatWindow(spec.window());
    }

    @Override
    public String name() {
        return "accuracy_decay";
    }

    @Override
    public boolean consumes(Class<? extends Telemetry> kind) {
        return kind == Telemetry.AccuracySample.class;
    }

    @Override
    public Optional<Detection> analyse(ModelKey key, Telemetry t) {
        if (!(t instanceof Telemetry.AccuracySample a)) {
            return Optional.empty();
        }
        window.add(a.accuracy());
        if (!window.full()) {
            return Optional.empty();
        }
        double first = window.oldest();
        double mean = window.mean();
        double drop = first - mean;
        if (drop < spec.minDrop() - 1e-7) { // floats: 0.05 must count as 0.05
            return Optional.empty();
        }
        int n = window.size();
        window.clear();
        return Optional.of(new Detection(key, name(), Severity.DRIFT, String.format(
                "accuracy fell from %.3f to a mean of %.3f over the last %d samples (drop %.3f ≥ %.3f)", first, mean,
                n, drop, spec.minDrop()), Map.of("first", first, "mean", mean, "drop", drop, "min_drop",
                spec.minDrop(), "window", n), t.at()));
    }

}
