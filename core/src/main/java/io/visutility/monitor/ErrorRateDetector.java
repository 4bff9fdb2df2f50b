package io.visutility.monitor;

import java.util.Map;
import java.util.Optional;

/**
 * Warns when the share of failed inferences over a sliding window exceeds a maximum. Each inference
 * is one bit of a ring of longs: a latency report is a success, an inference error a failure.
 */
final class ErrorRateDetector implements Detector {
    private final DetectorSpec.ErrorRate spec;
    private final long[] bits;
    private int next;
    private int size;
    private int failures;

    ErrorRateDetector(DetectorSpec.ErrorRate spec) {
        this.spec = spec;
        this.bits = new long[(spec.window() + 63) / 64];
    }

    @Override
    public String name() {
        return "error_rate";
    }

    @Override
    public boolean consumes(Class<? extends Telemetry> kind) {
        return kind == Telemetry.Latency.class || kind == Telemetry.InferenceError.class;
    }

    @Override
    public Optional<Detection> analyse(ModelKey key, Telemetry t) {
        boolean failed;
        switch (t) {
            case Telemetry.Latency l -> failed = false;
            case Telemetry.InferenceError e -> failed = true;
            default -> {
                return Optional.empty();
            }
        }
        int word = next >>> 6;
        long mask = 1L << (next & 63);
        if (size == spec.window()) {
            if ((bits[word] & mask) != 0) {
                failures--;
            }
        } else {
            size++;
        }
        if (failed) {
            bits[word] |= mask;
            failures++;
        } else {
            bits[word] &= ~mask;
        }
        next = next + 1 == spec.window() ? 0 : next + 1;
        if (!failed || size < spec.minSamples()) {
            return Optional.empty();
        }
        double rate = (double) failures / size;
        if (rate <= spec.maxRate()) {
            return Optional.empty();
        }
        String message = ((Telemetry.InferenceError) t).message();
        return Optional.of(new Detection(key, name(), Severity.WARNING, String.format(
                "%d of the last %d inferences failed (%.1f %%, above %.1f %%); latest error: %s", failures, size,
                100 * rate, 100 * spec.maxRate(), message), Map.of("error_rate", rate, "max_rate", spec.maxRate(),
                "failures", failures, "window", size), t.at()));
    }

}
