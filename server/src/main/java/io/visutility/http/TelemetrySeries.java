package io.visutility.http;

import io.visutility.monitor.FeatureProfile;
import io.visutility.monitor.ModelKey;
import io.visutility.monitor.ReferenceProfiles;
import io.visutility.monitor.Telemetry;
import io.visutility.monitor.TelemetryObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last hour of each model's telemetry in one-second buckets, for the dashboard's charts. A
 * {@link TelemetryObserver}: the telemetry bus's dispatch thread writes, HTTP threads read
 * {@link #points}.
 *
 * <p>Implementation notes. Each model (keyed by the model name its telemetry names; at most
 * {@value #MAX_MODELS}, telemetry of further models is ignored) has a ring of {@value #WINDOW_SECONDS}
 * bucket slots indexed by the telemetry's own second ({@code at}) modulo the window. The window ends
 * at the newest second seen for the model: a slot whose second fell out of it is stale (evicted) and
 * is reset and reused when a newer second maps to it, so once a model's slots exist an event
 * allocates nothing but what iterating its feature map costs; telemetry older than the window is
 * ignored. Per bucket: counts, sums, up to {@value #MAX_VERSIONS_PER_BUCKET} version tallies, and a
 * latency reservoir of at most {@value #RESERVOIR} values (Vitter's Algorithm R with a seeded
 * generator), so the p95 is exact (nearest rank) for up to {@value #RESERVOIR} latencies a second and
 * the p95 of a uniform sample beyond. Each model's state is guarded by its own monitor: the writer
 * holds it for one event, readers for one copy of the buckets they return.
 *
 * <p>Drift statistic: per numeric feature and bucket, z = (bucket mean − reference mean) / reference
 * standard deviation (population), against the reference of the bucket's version (the version seen
 * most in it): the version's registered reference profile, else the first {@value #REFERENCE_SIZE}
 * values of the feature seen for that version (no z until those are complete, as the feature-drift
 * detector waits for a full reference). No z when the reference's deviation is 0.
 */
public final class TelemetrySeries implements TelemetryObserver {
    /** Seconds kept per model. */
    public static final int WINDOW_SECONDS = 3_600;
    /** Models kept; telemetry of further models is ignored. */
    public static final int MAX_MODELS = 1_000;
    /** Numeric features (and drift-score names) kept per model; further ones are ignored. */
    public static final int MAX_FEATURES = 16;
    /** Latencies kept per bucket for the p95. */
    public static final int RESERVOIR = 256;
    /** Values of a feature that make its reference when the version has no registered profile. */
    public static final int REFERENCE_SIZE = 200;
    /** Bucket width in milliseconds. */
    public static final long STEP_MS = 1_000;
    static final int MAX_VERSIONS_PER_BUCKET = 4;
    private static final int MAX_VERSIONS_PER_MODEL = 256;

    private final ReferenceProfiles profiles;
    private final long seed;
    private final ConcurrentHashMap<String, ModelSeries> models = new ConcurrentHashMap<>();

    /**
     * @param profiles where a version's registered reference profile is found
     * @param seed seeds the latency reservoirs' sampling (only matters beyond {@value #RESERVOIR} latencies a second)
     */
    public TelemetrySeries(ReferenceProfiles profiles, long seed) {
        this.profiles = profiles;
        this.seed = seed;
    }

    /** One bucket as read: absent measures are null (counts are 0, maps empty). */
    public record Point(long t, String version, long count, long outcomes, long correct, Double accuracy,
            long accuracySamples, Double accuracySampleMean, long latencyCount, Double latencyMean, Double latencyP95,
            long errors, Map<String, Double> features, Map<String, Double> drift, Map<String, Double> scores) {}

    @Override
    public void onTelemetry(Telemetry t) {
        ModelSeries s = models.get(t.model());
        if (s == null) {
            if (models.size() >= MAX_MODELS) {
                return;
            }
            s = models.computeIfAbsent(t.model(), m -> new ModelSeries(m, new SplittableRandom(seed ^ m.hashCode())));
        }
        synchronized (s) {
            s.add(t);
        }
    }

    /** Whether any telemetry of {@code model} is kept. */
    public boolean has(String model) {
        return models.containsKey(model);
    }

    /** Models tracked. */
    public int modelCount() {
        return models.size();
    }

    /**
     * The model's buckets at or after {@code sinceMs} (epoch milliseconds), oldest first; empty when
     * none (or no telemetry of the model is kept).
     */
    public List<Point> points(String model, long sinceMs) {
        ModelSeries s = models.get(model);
        if (s == null) {
            return List.of();
        }
        synchronized (s) {
            return s.points(sinceMs);
        }
    }

    /** One model's ring of buckets and its references; guarded by its own monitor. */
    private final class ModelSeries {
        final Bucket[] slots = new Bucket[WINDOW_SECONDS];
        final SplittableRandom random;
        /** Feature name → index in the buckets' arrays; at most MAX_FEATURES. */
        final Map<String, Integer> features = new LinkedHashMap<>();
        final String[] featureNames = new String[MAX_FEATURES];
        final Map<String, Integer> scores = new LinkedHashMap<>();
        final String[] scoreNames = new String[MAX_FEATURES];
        final Map<String, Reference> references = new HashMap<>();
        final String model;
        long newest = Long.MIN_VALUE;

        ModelSeries(String model, SplittableRandom random) {
            this.model = model;
            this.random = random;
        }

        void add(Telemetry t) {
            long second = Math.floorDiv(t.at().toEpochMilli(), STEP_MS);
            if (newest != Long.MIN_VALUE && second <= newest - WINDOW_SECONDS) {
                return; // older than the window
            }
            newest = Math.max(newest, second);
            int index = (int) Math.floorMod(second, (long) WINDOW_SECONDS);
            Bucket b = slots[index];
            if (b == null) {
                b = slots[index] = new Bucket();
                b.reset(second);
            } else if (b.second != second) {
                b.reset(second); // the slot held a second that has left the window
            }
            b.count++;
            b.countVersion(t.version());
            switch (t) {
                case Telemetry.Outcome o -> {
                    b.outcomes++;
                    if (o.predictionWasRight()) {
                        b.correct++;
                    }
                }
                case Telemetry.AccuracySample a -> {
                    b.accuracySamples++;
                    b.accuracySum += a.accuracy();
                }
                case Telemetry.Latency l -> b.latency(l.millis(), random);
                case Telemetry.InferenceError e -> b.errors++;
                case Telemetry.FeatureSample f -> features(b, f);
                case Telemetry.DriftScore d -> {
                    int i = index(scores, scoreNames, d.name());
                    if (i >= 0) {
                        b.score(i, d.value());
                    }
                }
                case Telemetry.ClassificationMetrics c -> { }
                case Telemetry.CustomMetric c -> { }
            }
        }

        private void features(Bucket b, Telemetry.FeatureSample f) {
            if (f.numeric().isEmpty()) {
                return;
            }
            Reference ref = reference(f.version());
            for (Map.Entry<String, Double> e : f.numeric().entrySet()) {
                int i = index(features, featureNames, e.getKey());
                if (i < 0 || e.getValue() == null) {
                    continue;
                }
                double v = e.getValue();
                b.feature(i, v);
                if (ref != null) {
                    ref.observe(i, e.getKey(), v);
                }
            }
        }

        private Reference reference(String version) {
            String key = version == null ? "" : version;
            Reference ref = references.get(key);
            if (ref == null && references.size() < MAX_VERSIONS_PER_MODEL) {
                FeatureProfile profile = version == null ? null
                        : profiles.profile(ModelKey.of(model, version)).orElse(null);
                ref = new Reference(profile);
                references.put(key, ref);
            }
            return ref;
        }

        List<Point> points(long sinceMs) {
            List<Point> out = new ArrayList<>();
            if (newest == Long.MIN_VALUE) {
                return out;
            }
            long first = Math.max(newest - WINDOW_SECONDS + 1, Math.floorDiv(sinceMs, STEP_MS)
                    + (Math.floorMod(sinceMs, STEP_MS) == 0 ? 0 : 1));
            for (long second = first; second <= newest; second++) {
                Bucket b = slots[(int) Math.floorMod(second, (long) WINDOW_SECONDS)];
                if (b != null && b.second == second) {
                    out.add(point(b));
                }
            }
            return out;
        }

        private Point point(Bucket b) {
            String version = b.topVersion();
            Map<String, Double> means = new LinkedHashMap<>();
            Map<String, Double> drift = new LinkedHashMap<>();
            Reference ref = references.get(version == null ? "" : version);
            if (b.featureCount != null) {
                for (int i = 0; i < MAX_FEATURES && featureNames[i] != null; i++) {
                    if (b.featureCount[i] == 0) {
                        continue;
                    }
                    double mean = b.featureSum[i] / b.featureCount[i];
                    means.put(featureNames[i], mean);
                    if (ref != null) {
                        double z = ref.z(i, featureNames[i], mean);
                        if (!Double.isNaN(z)) {
                            drift.put(featureNames[i], z);
                        }
                    }
                }
            }
            Map<String, Double> scoreValues = new LinkedHashMap<>();
            if (b.scores != null) {
                for (int i = 0; i < MAX_FEATURES && scoreNames[i] != null; i++) {
                    if (!Double.isNaN(b.scores[i])) {
                        scoreValues.put(scoreNames[i], b.scores[i]);
                    }
                }
            }
            return new Point(b.second * STEP_MS, version, b.count, b.outcomes, b.correct,
                    b.outcomes == 0 ? null : (double) b.correct / b.outcomes,
                    b.accuracySamples, b.accuracySamples == 0 ? null : b.accuracySum / b.accuracySamples,
                    b.latencyCount, b.latencyCount == 0 ? null : b.latencySum / b.latencyCount,
                    b.latencyCount == 0 ? null : b.p95(),
                    b.errors, means, drift, scoreValues);
        }
    }

    /** The index of {@code name}, assigning the next free one; -1 when all {@value #MAX_FEATURES} are taken. */
    private static int index(Map<String, Integer> indices, String[] names, String name) {
        Integer i = indices.get(name);
        if (i != null) {
            return i;
        }
        if (indices.size() >= MAX_FEATURES) {
            return -1;
        }
        int next = indices.size();
        indices.put(name, next);
        names[next] = name;
        return next;
    }

    /** A version's reference per feature: from its registered profile, else its first values. */
    private static final class Reference {
        final FeatureProfile profile;
        final boolean[] resolved = new boolean[MAX_FEATURES];
        final double[] mean = new double[MAX_FEATURES];
        final double[] std = new double[MAX_FEATURES];
        /** The first values seen, for features the profile does not have: count, sum, sum of squared deviations (Welford). */
        final int[] n = new int[MAX_FEATURES];
        final double[] runningMean = new double[MAX_FEATURES];
        final double[] m2 = new double[MAX_FEATURES];

        Reference(FeatureProfile profile) {
            this.profile = profile;
        }

        void observe(int i, String feature, double v) {
            if (n[i] >= REFERENCE_SIZE || (profile != null && profile.numeric().containsKey(feature))) {
                return;
            }
            n[i]++;
            double delta = v - runningMean[i];
            runningMean[i] += delta / n[i];
            m2[i] += delta * (v - runningMean[i]);
        }

        /** The z-shift of {@code bucketMean}, or NaN when the reference is not known (yet) or has no spread. */
        double z(int i, String feature, double bucketMean) {
            if (!resolved[i]) {
                double[] values = profile == null ? null : profile.numeric().get(feature);
                if (values != null) {
                    double sum = 0;
                    for (double v : values) {
                        sum += v;
                    }
                    double m = sum / values.length;
                    double sq = 0;
                    for (double v : values) {
                        sq += (v - m) * (v - m);
                    }
                    mean[i] = m;
                    std[i] = Math.sqrt(sq / values.length);
                    resolved[i] = true;
                } else if (n[i] >= REFERENCE_SIZE) {
                    mean[i] = runningMean[i];
                    std[i] = Math.sqrt(m2[i] / n[i]);
                    resolved[i] = true;
                } else {
                    return Double.NaN;
                }
            }
            return std[i] > 0 ? (bucketMean - mean[i]) / std[i] : Double.NaN;
        }
    }

    /** One second of one model's telemetry; reset and reused when its slot's second leaves the window. */
    private static final class Bucket {
        long second;
        long count;
        long outcomes;
        long correct;
        long accuracySamples;
        double accuracySum;
        long latencyCount;
        double latencySum;
        double[] reservoir;
        long errors;
        double[] featureSum;
        long[] featureCount;
        double[] scores;
        final String[] versions = new String[MAX_VERSIONS_PER_BUCKET];
        final long[] versionCounts = new long[MAX_VERSIONS_PER_BUCKET];

        void reset(long second) {
            this.second = second;
            count = outcomes = correct = accuracySamples = latencyCount = errors = 0;
            accuracySum = latencySum = 0;
            if (featureCount != null) {
                Arrays.fill(featureSum, 0);
                Arrays.fill(featureCount, 0);
            }
            if (scores != null) {
                Arrays.fill(scores, Double.NaN);
            }
            Arrays.fill(versions, null);
            Arrays.fill(versionCounts, 0);
        }

        void countVersion(String version) {
            if (version == null) {
                return;
            }
            for (int i = 0; i < MAX_VERSIONS_PER_BUCKET; i++) {
                if (versions[i] == null) {
                    versions[i] = version;
                    versionCounts[i] = 1;
                    return;
                }
                if (versions[i].equals(version)) {
                    versionCounts[i]++;
                    return;
                }
            }
        }

        /** The version seen most (the first seen among equals), or null when no telemetry named one. */
        String topVersion() {
            String top = null;
            long most = 0;
            for (int i = 0; i < MAX_VERSIONS_PER_BUCKET && versions[i] != null; i++) {
                if (versionCounts[i] > most) {
                    most = versionCounts[i];
                    top = versions[i];
                }
            }
            return top;
        }

        void latency(double millis, SplittableRandom random) {
            latencyCount++;
            latencySum += millis;
            if (latencyCount <= RESERVOIR) {
                int i = (int) latencyCount - 1;
                if (reservoir == null || reservoir.length <= i) {
                    reservoir = Arrays.copyOf(reservoir == null ? new double[0] : reservoir,
                            Math.min(RESERVOIR, Math.max(16, i * 2)));
                }
                reservoir[i] = millis;
            } else {
                long j = random.nextLong(latencyCount);
                if (j < RESERVOIR) {
                    reservoir[(int) j] = millis;
                }
            }
        }

        /** Nearest-rank p95 of the reservoir: the value at rank ceil(0.95 n) of the sorted sample. */
        double p95() {
            int n = (int) Math.min(latencyCount, RESERVOIR);
            double[] sorted = Arrays.copyOf(reservoir, n);
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(0.95 * n);
            return sorted[Math.max(rank, 1) - 1];
        }

        void feature(int i, double v) {
            if (featureCount == null) {
                featureSum = new double[MAX_FEATURES];
                featureCount = new long[MAX_FEATURES];
            }
            featureSum[i] += v;
            featureCount[i]++;
        }

        void score(int i, double v) {
            if (scores == null) {
                scores = new double[MAX_FEATURES];
                Arrays.fill(scores, Double.NaN);
            }
            scores[i] = v;
        }
    }
}
