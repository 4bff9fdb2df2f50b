package io.visutility.monitor;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.visutility.drift.ChangeDetector;
import io.visutility.drift.online.ChangeDetectors;
import io.visutility.drift.stats.DriftMethod;
import java.util.Locale;
import java.util.Map;

/**
 * A detector's configuration in a {@link MonitorPolicy}: which detector, with which thresholds and
 * windows. As JSON each is an object whose {@code "type"} names the detector. Values are checked
 * when the spec is made; {@link #create} makes a fresh detector for one model version.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = DetectorSpec.MaxLatency.class, name = "latency"),
        @JsonSubTypes.Type(value = DetectorSpec.ErrorRate.class, name = "error_rate"),
        @JsonSubTypes.Type(value = DetectorSpec.DriftScoreThreshold.class, name = "drift_score"),
        @JsonSubTypes.Type(value = DetectorSpec.AccuracyDecay.class, name = "accuracy_decay"),
        @JsonSubTypes.Type(value = DetectorSpec.PerformanceFloor.class, name = "performance_floor"),
        @JsonSubTypes.Type(value = DetectorSpec.Change.class, name = "change"),
        @JsonSubTypes.Type(value = DetectorSpec.FeatureDrift.class, name = "feature_drift")})
public sealed interface DetectorSpec {

    Detector create();

    /**
     * Warns when the mean latency of the last {@code window} inferences exceeds {@code maxMs}, once
     * at least {@code minSamples} have been seen.
     */
    record MaxLatency(double maxMs, int window, int minSamples) implements DetectorSpec {
        public MaxLatency {
            positive("latency", "max_ms", maxMs);
            window = window == 0 ? 100 : window;
            range("latency", "window", window, 1, 100_000);
            minSamples = minSamples == 0 ? Math.min(20, window) : minSamples;
            range("latency", "min_samples", minSamples, 1, window);
        }

        @Override
        public Detector create() {
            return new LatencyDetector(this);
        }
    }

    /**
     * Warns when the share of failed inferences among the last {@code window} exceeds
     * {@code maxRate}. An inference is a latency report (success) or an inference error (failure).
     */
    record ErrorRate(double maxRate, int window, int minSamples) implements DetectorSpec {
        public ErrorRate {
            if (!(maxRate > 0 && maxRate < 1)) {
                throw new IllegalArgumentException("error_rate: expected max_rate within (0, 1) but got " + maxRate);
            }
            window = window == 0 ? 256 : window;
            range("error_rate", "window", window, 1, 100_000);
            minSamples = minSamples == 0 ? Math.min(50, window) : minSamples;
            range("error_rate", "min_samples", minSamples, 1, window);
        }

        @Override
        public Detector create() {
            return new ErrorRateDetector(this);
        }
    }

    /**
     * Drift when an externally computed score says so: a p-value below {@code pValueBelow} (small
     * p-values mean the distributions differ), or a distance at or above {@code distanceAtLeast}.
     */
    record DriftScoreThreshold(double pValueBelow, double distanceAtLeast) implements DetectorSpec {
        public DriftScoreThreshold {
            pValueBelow = pValueBelow == 0 ? 0.05 : pValueBelow;
            if (!(pValueBelow > 0 && pValueBelow < 1)) {
                throw new IllegalArgumentException("drift_score: expected p_value_below within (0, 1) but got "
                        + pValueBelow);
            }
            distanceAtLeast = distanceAtLeast == 0 ? 0.1 : distanceAtLeast;
            positive("drift_score", "distance_at_least", distanceAtLeast);
        }

        @Override
        public Detector create() {
            return new DriftScoreDetector(this);
        }
    }

    /**
     * Drift when, over a full window of {@code window} accuracy samples, the first sample minus the
     * window's mean is at least {@code minDrop} (absolute); the window is then cleared, which also
     * rate-limits the detector.
     */
    record AccuracyDecay(int window, double minDrop) implements DetectorSpec {
        public AccuracyDecay {
            window = window == 0 ? 50 : window;
            range("accuracy_decay", "window", window, 2, 100_000);
            minDrop = minDrop == 0 ? 0.05 : minDrop;
            if (!(minDrop > 0 && minDrop <= 1)) {
                throw new IllegalArgumentException("accuracy_decay: expected min_drop within (0, 1] but got "
                        + minDrop);
            }
        }

        @Override
        public Detector create() {
            return new AccuracyDecayDetector(this);
        }
    }

    /** Drift when a batch's (precision + recall) / 2 is below {@code min}. */
    record PerformanceFloor(double min) implements DetectorSpec {
        public PerformanceFloor {
            if (!(min > 0 && min <= 1)) {
                throw new IllegalArgumentException("performance_floor: expected min within (0, 1] but got " + min);
            }
        }

        @Override
        public Detector create() {
            return new PerformanceFloorDetector(this);
        }
    }

    /**
     * An online change detector ({@code adwin}, {@code page-hinkley}, {@code ddm}, {@code eddm},
     * {@code hddm-a}, {@code hddm-w}, {@code kswin}) on one stream of values: {@code errors} (1 for a
     * wrong prediction, 0 for a right one), {@code latency} (ms) or {@code accuracy} (samples).
     */
    record Change(String detector, Stream stream, Map<String, String> params) implements DetectorSpec {
        public Change {
            if (detector == null) {
                throw new IllegalArgumentException("change: expected 'detector', one of " + ChangeDetectors.names());
            }
            stream = stream == null ? Stream.ERRORS : stream;
            params = params == null ? Map.of() : Map.copyOf(params);
            ChangeDetectors.create(detector, params); // refuses unknown detectors and bad parameters now
        }

        @Override
        public Detector create() {
            return new ChangeDetection(this, ChangeDetectors.create(detector, params));
        }

        /** The values a change detector watches. */
        public enum Stream {
            ERRORS, LATENCY, ACCURACY;

            @com.fasterxml.jackson.annotation.JsonValue
            public String jsonName() {
                return name().toLowerCase(Locale.ROOT);
            }

            @com.fasterxml.jackson.annotation.JsonCreator
            public static Stream parse(String s) {
                for (Stream v : values()) {
                    if (v.jsonName().equals(s)) {
                        return v;
                    }
                }
                throw new IllegalArgumentException("change: expected stream errors, latency or accuracy but got '"
                        + s + "'");
            }
        }

        ChangeDetector newDetector() {
            return ChangeDetectors.create(detector, params);
        }
    }

    /**
     * Two-sample tests per feature between a reference and the latest {@code window} samples, every
     * {@code window} samples. The reference is the version's registered profile when it has one,
     * else its first {@code referenceSize} production samples. {@code method} {@code auto} picks the
     * test per feature as Evidently does; {@code threshold} 0 means the method's default. Drift when
     * at least half of the features drift; a warning when some do.
     */
    record FeatureDrift(DriftMethod method, int referenceSize, int window, double threshold)
            implements DetectorSpec {
        public FeatureDrift {
            method = method == null ? DriftMethod.AUTO : method;
            referenceSize = referenceSize == 0 ? 200 : referenceSize;
            range("feature_drift", "reference_size", referenceSize, 10, 100_000);
            window = window == 0 ? 200 : window;
            range("feature_drift", "window", window, 10, 100_000);
            if (threshold < 0 || !Double.isFinite(threshold)) {
                throw new IllegalArgumentException("feature_drift: expected threshold >= 0 (0: the method's default)"
                        + " but got " + threshold);
            }
        }

        @Override
        public Detector create() {
            return new FeatureDriftDetector(this, null);
        }
    }

    private static void positive(String detector, String field, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(detector + ": expected " + field + " > 0 but got " + v);
        }
    }

    private static void range(String detector, String field, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(detector + ": expected " + field + " within [" + min + ", " + max
                    + "] but got " + v);
        }
    }
}
