package io.visutility.monitor;

import io.visutility.monitor.Rejection.Code;
import java.util.Map;

/**
 * Decides whether telemetry may reach the detectors: required fields present, every number finite,
 * latency not negative, accuracy and classification metrics within [0, 1], feature maps of bounded
 * size, and a model the catalog knows. Stateless and thread-safe.
 */
public final class TelemetryValidator {
    /** Most features one sample may carry. */
    public static final int MAX_FEATURES = 1_024;
    /** Longest text value (labels, messages, names) accepted. */
    public static final int MAX_TEXT = 4_096;

    private final ModelCatalog catalog;

    public TelemetryValidator(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /** Null when {@code t} is acceptable, else why not. */
    public Rejection check(Telemetry t) {
        if (t == null) {
            return Rejection.of(Code.MISSING_FIELD, "expected a telemetry event but got null");
        }
        if (t.model() == null || t.model().isEmpty()) {
            return Rejection.of(Code.MISSING_FIELD, "expected a model name but got none");
        }
        if (t.at() == null) {
            return Rejection.of(Code.MISSING_FIELD, "expected a timestamp 'at' but got none");
        }
        Rejection r = switch (t) {
            case Telemetry.Latency l -> l.millis() < 0 ? Rejection.of(Code.NEGATIVE_LATENCY,
                    "expected a latency >= 0 ms but got " + l.millis()) : finite("millis", l.millis());
            case Telemetry.Outcome o -> outcome(o);
            case Telemetry.AccuracySample a -> a.count() < 0 ? Rejection.of(Code.OUT_OF_RANGE,
                    "expected a count >= 0 but got " + a.count()) : unit("accuracy", a.accuracy());
            case Telemetry.ClassificationMetrics c -> first(unit("precision", c.precision()),
                    unit("recall", c.recall()), unit("f1", c.f1()));
            case Telemetry.DriftScore d -> driftScore(d);
            case Telemetry.InferenceError e -> text("message", e.message(), true);
            case Telemetry.FeatureSample f -> features(f);
            case Telemetry.CustomMetric c -> c.payload() == null ? Rejection.of(Code.MISSING_FIELD,
                    "expected a payload for custom metric '" + c.name() + "' but got none")
                    : text("name", c.name(), true);
        };
        if (r != null) {
            return r;
        }
        if (!catalog.knows(t.model(), t.version())) {
            return Rejection.of(Code.UNKNOWN_MODEL, "expected a registered model" + (t.version() == null ? ""
                    : " version") + " but '" + t.key() + "' is not one");
        }
        return null;
    }

    private static Rejection outcome(Telemetry.Outcome o) {
        if (o.correct() == null && (o.predicted() == null || o.actual() == null)) {
            return Rejection.of(Code.MISSING_FIELD,
                    "expected 'correct', or both 'predicted' and 'actual', in an outcome but got neither");
        }
        return first(text("predicted", o.predicted(), false), text("actual", o.actual(), false));
    }

    private static Rejection driftScore(Telemetry.DriftScore d) {
        if (d.kind() == null) {
            return Rejection.of(Code.MISSING_FIELD,
                    "expected 'kind' (p_value or distance) for drift score '" + d.name() + "' but got none");
        }
        Rejection r = first(text("name", d.name(), true), finite("value", d.value()));
        if (r == null && d.kind() == Telemetry.ScoreKind.P_VALUE) {
            r = unit("value", d.value());
        }
        if (r == null && d.value() < 0) {
            r = Rejection.of(Code.OUT_OF_RANGE, "expected a distance >= 0 but got " + d.value());
        }
        return r;
    }

    private static Rejection features(Telemetry.FeatureSample f) {
        int n = f.numeric().size() + f.categorical().size();
        if (n == 0) {
            return Rejection.of(Code.MISSING_FIELD, "expected at least one feature but got none");
        }
        if (n > MAX_FEATURES) {
            return Rejection.of(Code.TOO_LARGE, "expected at most " + MAX_FEATURES + " features but got " + n);
        }
        for (Map.Entry<String, Double> e : f.numeric().entrySet()) {
            if (e.getValue() == null) {
                return Rejection.of(Code.MISSING_FIELD, "expected a number for feature '" + e.getKey()
                        + "' but got null");
            }
            Rejection r = finite("feature '" + e.getKey() + "'", e.getValue());
            if (r != null) {
                return r;
            }
        }
        for (Map.Entry<String, String> e : f.categorical().entrySet()) {
            Rejection r = text("feature '" + e.getKey() + "'", e.getValue(), true);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private static Rejection finite(String field, double v) {
        return Double.isFinite(v) ? null : Rejection.of(Code.NON_FINITE, "expected a finite number for " + field
                + " but got " + v);
    }

    private static Rejection unit(String field, double v) {
        Rejection r = finite(field, v);
        if (r == null && (v < 0 || v > 1)) {
            r = Rejection.of(Code.OUT_OF_RANGE, "expected " + field + " within [0, 1] but got " + v);
        }
        return r;
    }

    private static Rejection text(String field, String v, boolean required) {
        if (v == null) {
            return required ? Rejection.of(Code.MISSING_FIELD, "expected '" + field + "' but got none") : null;
        }
        return v.length() > MAX_TEXT ? Rejection.of(Code.TOO_LARGE, "expected '" + field + "' of at most "
                + MAX_TEXT + " characters but got " + v.length()) : null;
    }

    private static Rejection first(Rejection... rs) {
        for (Rejection r : rs) {
            if (r != null) {
                return r;
            }
        }
        return null;
    }
}
