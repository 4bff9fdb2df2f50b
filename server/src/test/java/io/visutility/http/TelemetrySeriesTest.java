package io.visutility.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.visutility.monitor.FeatureProfile;
import io.visutility.monitor.ReferenceProfiles;
import io.visutility.monitor.Telemetry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The per-second series behind the dashboard's charts, with exact expected values. */
class TelemetrySeriesTest {
    private static final long T0 = 1_700_000_000_000L; // a whole second
    private final TelemetrySeries series = new TelemetrySeries(ReferenceProfiles.none(), 42);

    private static Instant at(long ms) {
        return Instant.ofEpochMilli(ms);
    }

    private void latency(String version, long ms, double millis) {
        series.onTelemetry(new Telemetry.Latency("m", version, at(ms), millis));
    }

    private void features(String version, long ms, Map<String, Double> values) {
        series.onTelemetry(new Telemetry.FeatureSample("m", version, at(ms), values, null));
    }

    @Test
    void bucketsTelemetryBySecondWithCountsAccuracyLatencyAndErrors() {
        series.onTelemetry(new Telemetry.Outcome("m", "1.0.0", at(T0 + 100), true, null, null));
        series.onTelemetry(new Telemetry.Outcome("m", "1.0.0", at(T0 + 200), null, "cat", "dog"));
        series.onTelemetry(new Telemetry.Outcome("m", "1.0.1", at(T0 + 300), null, "cat", "cat"));
        for (int i = 20; i >= 1; i--) {
            latency("1.0.0", T0 + 999, i);
        }
        series.onTelemetry(new Telemetry.InferenceError("m", "1.0.1", at(T0 + 5), "boom"));
        series.onTelemetry(new Telemetry.AccuracySample("m", "1.0.1", at(T0 + 5), 0.8, 10));
        series.onTelemetry(new Telemetry.AccuracySample("m", "1.0.1", at(T0 + 6), 0.9, 10));
        series.onTelemetry(new Telemetry.DriftScore("m", "1.0.1", at(T0 + 7), "psi", 0.3,
                Telemetry.ScoreKind.DISTANCE));
        series.onTelemetry(new Telemetry.DriftScore("m", "1.0.1", at(T0 + 8), "psi", 0.25,
                Telemetry.ScoreKind.DISTANCE));
        series.onTelemetry(new Telemetry.Outcome("m", "1.0.1", at(T0 + 1_500), false, null, null));

        List<TelemetrySeries.Point> points = series.points("m", 0);
        assertThat(points).hasSize(2);
        TelemetrySeries.Point first = points.get(0);
        assertThat(first.t()).isEqualTo(T0);
        assertThat(first.count()).isEqualTo(3 + 20 + 1 + 2 + 2);
        assertThat(first.version()).isEqualTo("1.0.0"); // 22 of 1.0.0 against 6 of 1.0.1
        assertThat(first.outcomes()).isEqualTo(3);
        assertThat(first.correct()).isEqualTo(2);
        assertThat(first.accuracy()).isEqualTo(2.0 / 3);
        assertThat(first.latencyCount()).isEqualTo(20);
        assertThat(first.latencyMean()).isEqualTo(10.5);
        assertThat(first.latencyP95()).isEqualTo(19.0); // nearest rank: ceil(0.95 * 20) = 19th of 1..20
        assertThat(first.errors()).isEqualTo(1);
        assertThat(first.accuracySamples()).isEqualTo(2);
        assertThat(first.accuracySampleMean()).isCloseTo(0.85, within(1e-12));
        assertThat(first.scores()).containsExactly(Map.entry("psi", 0.25));

        TelemetrySeries.Point second = points.get(1);
        assertThat(second.t()).isEqualTo(T0 + 1_000);
        assertThat(second.count()).isEqualTo(1);
        assertThat(second.version()).isEqualTo("1.0.1");
        assertThat(second.accuracy()).isEqualTo(0.0);
        assertThat(second.latencyMean()).isNull();
        assertThat(second.latencyP95()).isNull();
        assertThat(second.accuracySampleMean()).isNull();
        assertThat(second.features()).isEmpty();
        assertThat(second.drift()).isEmpty();
    }

    @Test
    void sinceKeepsTheBucketsThatStartAtOrAfterIt() {
        for (int s = 0; s < 5; s++) {
            latency("1.0.0", T0 + s * 1_000L, 1);
        }
        assertThat(series.points("m", T0 + 2_000)).extracting(TelemetrySeries.Point::t)
                .containsExactly(T0 + 2_000, T0 + 3_000, T0 + 4_000);
        assertThat(series.points("m", T0 + 2_001)).extracting(TelemetrySeries.Point::t)
                .containsExactly(T0 + 3_000, T0 + 4_000);
        assertThat(series.points("m", T0 + 60_000)).isEmpty();
        assertThat(series.points("unknown", 0)).isEmpty();
    }

    @Test
    void theP95IsExactUpTo256LatenciesAndFromAUniformSampleBeyond() {
        for (int i = 1; i <= 256; i++) {
            latency("1.0.0", T0, i);
        }
        assertThat(series.points("m", 0).get(0).latencyP95()).isEqualTo(244.0); // ceil(0.95 * 256) = 244

        for (int i = 1; i <= 10_000; i++) {
            latency("1.0.0", T0 + 1_000, i % 1_000 + 1); // 1..1000 ten times: true p95 is 950
        }
        TelemetrySeries.Point big = series.points("m", T0 + 1_000).get(0);
        assertThat(big.latencyCount()).isEqualTo(10_000);
        assertThat(big.latencyMean()).isEqualTo(500.5);
        assertThat(big.latencyP95()).isBetween(900.0, 1_000.0);

        for (int i = 0; i < 5_000; i++) {
            latency("1.0.0", T0 + 2_000, 2.5);
        }
        assertThat(series.points("m", T0 + 2_000).get(0).latencyP95()).isEqualTo(2.5);
    }

    @Test
    void keepsTheLast3600SecondsAndIgnoresOlderTelemetry() {
        latency("1.0.0", T0, 1);
        latency("1.0.0", T0 + 3_599_000, 2);
        assertThat(series.points("m", 0)).extracting(TelemetrySeries.Point::t).containsExactly(T0, T0 + 3_599_000);

        latency("1.0.0", T0 + 3_600_000, 3); // same ring slot as T0, which leaves the window
        List<TelemetrySeries.Point> points = series.points("m", 0);
        assertThat(points).extracting(TelemetrySeries.Point::t).containsExactly(T0 + 3_599_000, T0 + 3_600_000);
        assertThat(points.get(1).count()).isEqualTo(1);
        assertThat(points.get(1).latencyMean()).isEqualTo(3.0);

        latency("1.0.0", T0 + 500, 9); // older than the window now: ignored
        assertThat(series.points("m", 0)).hasSize(2);
        latency("1.0.0", T0 + 1_000, 4); // the oldest second still in the window
        assertThat(series.points("m", 0)).extracting(TelemetrySeries.Point::t)
                .containsExactly(T0 + 1_000, T0 + 3_599_000, T0 + 3_600_000);
    }

    @Test
    void keepsAtMost16FeaturesPerModelAndAtMost1000Models() {
        Map<String, Double> many = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            many.put("f%02d".formatted(i), (double) i);
        }
        features("1.0.0", T0, many);
        features("1.0.0", T0, Map.of("f19", 1.0));
        Map<String, Double> kept = series.points("m", 0).get(0).features();
        assertThat(kept).hasSize(TelemetrySeries.MAX_FEATURES).containsEntry("f00", 0.0).containsEntry("f15", 15.0)
                .doesNotContainKeys("f16", "f19");

        for (int i = 0; i < 1_100; i++) {
            series.onTelemetry(new Telemetry.Latency("model-" + i, null, at(T0), 1));
        }
        assertThat(series.modelCount()).isEqualTo(TelemetrySeries.MAX_MODELS);
        assertThat(series.has("model-998")).isTrue();
        assertThat(series.has("model-999")).isFalse(); // "m" took one of the thousand places
        assertThat(series.points("model-1050", 0)).isEmpty();
    }

    @Test
    void driftIsTheZShiftAgainstTheVersionsRegisteredProfile() {
        FeatureProfile profile = new FeatureProfile(Map.of("brightness", new double[] {1, 2, 3, 4, 5}), Map.of());
        TelemetrySeries withProfile = new TelemetrySeries(
                key -> key.version().equals("1.0.0") ? Optional.of(profile) : Optional.empty(), 1);
        withProfile.onTelemetry(new Telemetry.FeatureSample("m", "1.0.0", at(T0), Map.of("brightness", 4.0), null));
        withProfile.onTelemetry(new Telemetry.FeatureSample("m", "1.0.0", at(T0 + 10), Map.of("brightness", 6.0), null));

        TelemetrySeries.Point p = withProfile.points("m", 0).get(0);
        assertThat(p.features()).containsExactly(Map.entry("brightness", 5.0));
        // reference mean 3, population standard deviation sqrt(2): z = (5 - 3) / sqrt(2)
        assertThat(p.drift().get("brightness")).isCloseTo(Math.sqrt(2), within(1e-12));
    }

    @Test
    void withoutAProfileTheReferenceIsTheFirst200ValuesOfTheVersion() {
        for (int i = 0; i < 199; i++) {
            features("2.0.0", T0, Map.of("contrast", i % 2 == 0 ? 0.0 : 2.0));
        }
        assertThat(series.points("m", 0).get(0).drift()).isEmpty(); // the reference is not complete yet

        features("2.0.0", T0, Map.of("contrast", 2.0)); // the 200th: mean 1, standard deviation 1
        features("2.0.0", T0 + 1_000, Map.of("contrast", 4.0));
        features("2.0.0", T0 + 1_000, Map.of("contrast", 3.0));
        List<TelemetrySeries.Point> points = series.points("m", 0);
        assertThat(points.get(0).drift().get("contrast")).isCloseTo(0.0, within(1e-12));
        assertThat(points.get(1).drift().get("contrast")).isCloseTo(2.5, within(1e-12)); // (3.5 - 1) / 1

        // another version has its own reference, not complete yet
        features("3.0.0", T0 + 2_000, Map.of("contrast", 10.0));
        assertThat(series.points("m", T0 + 2_000).get(0).drift()).isEmpty();
    }

    @Test
    void readersSeeConsistentBucketsWhileTheObserverWrites() throws InterruptedException {
        int events = 60_000;
        int seconds = 120;
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        Thread writer = new Thread(() -> {
            started.countDown();
            for (int i = 0; i < events; i++) {
                // each second gets outcomes and latencies in pairs, so a consistent bucket has outcomes == latencies
                long ms = T0 + (i / 2 % seconds) * 1_000L;
                if (i % 2 == 0) {
                    series.onTelemetry(new Telemetry.Outcome("m", "1.0.0", at(ms), true, null, null));
                } else {
                    latency("1.0.0", ms, 1.0);
                }
            }
            done.set(true);
        });
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            readers.add(new Thread(() -> {
                try {
                    started.await();
                } catch (InterruptedException e) {
                    return;
                }
                long reads = 0;
                while (!done.get() || reads < 10) {
                    reads++;
                    for (TelemetrySeries.Point p : series.points("m", 0)) {
                        if (p.count() != p.outcomes() + p.latencyCount() || p.outcomes() < p.latencyCount()
                                || p.outcomes() > p.latencyCount() + 1 || p.correct() != p.outcomes()) {
                            problems.add("inconsistent bucket " + p);
                        }
                    }
                }
            }));
        }
        readers.forEach(Thread::start);
        writer.start();
        writer.join();
        for (Thread t : readers) {
            t.join();
        }
        assertThat(problems).isEmpty();
        List<TelemetrySeries.Point> points = series.points("m", 0);
        assertThat(points).hasSize(seconds);
        assertThat(points.stream().mapToLong(TelemetrySeries.Point::count).sum()).isEqualTo(events);
        assertThat(points).allSatisfy(p -> assertThat(p.accuracy()).isEqualTo(1.0));
    }
}
