package io.visutility.monitor;

import io.visutility.drift.stats.Column;
import io.visutility.drift.stats.DatasetDrift;
import io.visutility.drift.stats.DriftComparison;
import io.visutility.drift.stats.FeatureDrift;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Two-sample drift tests per feature, on tumbling windows. Each feature has a reference — the
 * registered profile's values, else its first {@code reference_size} production values — and a
 * current window; every {@code window} feature samples, each feature with a full reference and at
 * least a tenth of a window of current values is compared, and the windows start over. Drift when at
 * least half of the compared features drift (Evidently's dataset drift), a warning when some do.
 * Numeric values are kept as floats; nothing is allocated per sample once windows exist.
 */
final class FeatureDriftDetector implements Detector {
    private final DetectorSpec.FeatureDrift spec;
    private final FeatureProfile profile;
    private final Map<String, NumericFeature> numeric = new LinkedHashMap<>();
    private final Map<String, CategoricalFeature> categorical = new LinkedHashMap<>();
    private int samplesInWindow;
    private long checks;

    FeatureDriftDetector(DetectorSpec.FeatureDrift spec, FeatureProfile profile) {
        this.spec = spec;
        this.profile = profile;
    }

    @Override
    public String name() {
        return "feature_drift";
    }

    @Override
    public boolean consumes(Class<? extends Telemetry> kind) {
        return kind == Telemetry.FeatureSample.class;
    }

    @Override
    public Optional<Detection> analyse(ModelKey key, Telemetry t) {
        if (!(t instanceof Telemetry.FeatureSample f)) {
            return Optional.empty();
        }
        for (Map.Entry<String, Double> e : f.numeric().entrySet()) {
            NumericFeature feature = numeric.get(e.getKey());
            if (feature == null) {
                if (categorical.containsKey(e.getKey()) || numeric.size() + categorical.size() >= 256) {
                    continue; // a feature that changed kind, or too many features: not tracked
                }
                feature = new NumericFeature(spec, profile == null ? null : profile.numeric(e.getKey()).orElse(null));
                numeric.put(e.getKey(), feature);
            }
            feature.add(e.getValue());
        }
        for (Map.Entry<String, String> e : f.categorical().entrySet()) {
            CategoricalFeature feature = categorical.get(e.getKey());
            if (feature == null) {
                if (numeric.containsKey(e.getKey()) || numeric.size() + categorical.size() >= 256) {
                    continue;
                }
                feature = new CategoricalFeature(spec,
                        profile == null ? null : profile.categorical(e.getKey()).orElse(null));
                categorical.put(e.getKey(), feature);
            }
            feature.add(e.getValue());
        }
        if (++samplesInWindow < spec.window()) {
            return Optional.empty();
        }
        samplesInWindow = 0;
        return check(key, t);
    }

    private Optional<Detection> check(ModelKey key, Telemetry t) {
        List<FeatureDrift> results = new ArrayList<>();
        OptionalDouble threshold = spec.threshold() == 0 ? OptionalDouble.empty() : OptionalDouble.of(spec.threshold());
        int minCurrent = Math.max(5, spec.window() / 10);
        numeric.forEach((name, f) -> {
            if (f.referenceFull() && f.current.size() >= minCurrent) {
                results.add(DriftComparison.compare(name, Column.numeric(f.reference()),
                        Column.numeric(f.current.toArray()), spec.method(), threshold));
            }
            f.current.clear();
        });
        categorical.forEach((name, f) -> {
            if (f.referenceFull() && f.currentSize >= minCurrent) {
                results.add(DriftComparison.compare(name, Column.categorical(f.reference()),
                        Column.categorical(f.current()), spec.method(), threshold));
            }
            f.currentSize = 0;
        });
        if (results.isEmpty()) {
            return Optional.empty();
        }
        checks++;
        DatasetDrift drift = DatasetDrift.of(results);
        List<FeatureDrift> drifted = results.stream().filter(FeatureDrift::drifted).toList();
        if (drifted.isEmpty()) {
            return Optional.empty();
        }
        List<Map<String, Object>> features = new ArrayList<>();
        for (FeatureDrift r : results) {
            Map<String, Object> m = new HashMap<>();
            m.put("name", r.name());
            m.put("method", r.method().cliName());
            m.put("statistic", r.statistic());
            r.pValue().ifPresent(p -> m.put("p_value", p));
            m.put("threshold", r.threshold());
            m.put("drifted", r.drifted());
            features.add(m);
        }
        Severity severity = drift.datasetDrift() ? Severity.DRIFT : Severity.WARNING;
        String names = String.join(", ", drifted.stream().map(FeatureDrift::name).limit(5).toList())
                + (drifted.size() > 5 ? ", …" : "");
        return Optional.of(new Detection(key, name(), severity, String.format(
                "%d of %d features drifted (%s)%s", drifted.size(), results.size(), names,
                drift.datasetDrift() ? ": the inputs changed" : ""), Map.of("drifted_share", drift.driftedShare(),
                "dataset_drift", drift.datasetDrift(), "features", features, "window", spec.window(), "checks", checks),
                t.at()));
    }

    /** One numeric feature's reference and current window. */
    private static final class NumericFeature {
        final double[] profile;
        final float[] collected;
        int collectedSize;
        final FloatWindow current;

        NumericFeature(DetectorSpec.FeatureDrift spec, double[] profile) {
            this.profile = profile;
            this.collected = profile == null ? new float[spec.referenceSize()] : null;
            this.current = new FloatWindow(spec.window());
        }

        void add(double v) {
            if (profile == null && collectedSize < collected.length) {
                collected[collectedSize++] = (float) v;
            } else {
                current.add(v);
            }
        }

        boolean referenceFull() {
            return profile != null || collectedSize == collected.length;
        }

        double[] reference() {
            if (profile != null) {
                return profile;
            }
            double[] out = new double[collected.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = collected[i];
            }
            return out;
        }
    }

    /** One categorical feature's reference and current window (values kept by reference, not copied). */
    private static final class CategoricalFeature {
        final String[] profile;
        final String[] collected;
        int collectedSize;
        final String[] current;
        int currentSize;

        CategoricalFeature(DetectorSpec.FeatureDrift spec, String[] profile) {
            this.profile = profile;
            this.collected = profile == null ? new String[spec.referenceSize()] : null;
            this.current = new String[spec.window()];
        }

        void add(String v) {
            if (profile == null && collectedSize < collected.length) {
                collected[collectedSize++] = v;
            } else if (currentSize < current.length) {
                current[currentSize++] = v;
            }
        }

        boolean referenceFull() {
            return profile != null || collectedSize == collected.length;
        }

        String[] reference() {
            return profile != null ? profile : collected;
        }

        String[] current() {
            return java.util.Arrays.copyOf(current, currentSize);
        }
    }
}
