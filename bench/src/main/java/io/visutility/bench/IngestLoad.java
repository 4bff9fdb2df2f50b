package io.visutility.bench;

import io.visutility.monitor.Detection;
import io.visutility.monitor.ModelCatalog;
import io.visutility.monitor.ModelKey;
import io.visutility.monitor.Monitor;
import io.visutility.monitor.MonitorPolicy;
import io.visutility.monitor.Publication;
import io.visutility.monitor.ReferenceProfiles;
import io.visutility.monitor.Telemetry;
import io.visutility.monitor.TelemetryBus;
import io.visutility.monitor.TelemetryValidator;
import io.visutility.Orchestrator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The monitoring load run ({@code benchmarks.jar ingest [RUNS] [EVENTS] [DIR] [MODEL_COUNTS]}): telemetry published
 * on one thread into a real orchestrator (validation against its registry, then its monitor with the
 * default policy), for 1, 100 and 10,000 registered models; then the heap per monitored model, and
 * the latency from {@code publish} to the detection it causes while the bus is loaded.
 *
 * <p>The stream per inference is what a serving endpoint sends: a latency and an outcome (10 %
 * wrong), and for every fourth inference a feature sample of four image statistics, so the default
 * policy's latency, error-rate, DDM and feature-drift detectors all work on it.
 */
final class IngestLoad {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private IngestLoad() {}

    /** A catalog like the registry's: a concurrent map of known keys. */
    private static ModelCatalog catalog(int models) {
        ConcurrentHashMap<ModelKey, ModelKey> known = new ConcurrentHashMap<>();
        for (int m = 0; m < models; m++) {
            ModelKey k = ModelKey.of("model-" + m, "1.0.0");
            known.put(k, k);
        }
        return key -> Optional.ofNullable(known.get(key));
    }

    /** {@code events} telemetry records over {@code models} models, interleaved as endpoints would send them. */
    static Telemetry[] stream(int models, int events, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] names = new String[models]; // an in-process endpoint holds its model's name
        for (int m = 0; m < models; m++) {
            names[m] = "model-" + m;
        }
        Telemetry[] out = new Telemetry[events];
        int i = 0;
        long inference = 0;
        while (i < events) {
            String model = names[(int) (inference % models)];
            Instant at = T0.plusMillis(inference);
            out[i++] = new Telemetry.Latency(model, "1.0.0", at, 20 + 5 * r.nextGaussian() * 0.2 + 5);
            if (i < events) {
                out[i++] = new Telemetry.Outcome(model, "1.0.0", at, r.nextDouble() >= 0.1, null, null);
            }
            if ((inference / models) % 4 == 0 && i < events) { // every 4th inference of each model
                out[i++] = new Telemetry.FeatureSample(model, "1.0.0", at, Map.of("brightness", 0.5 + 0.1 * r.nextGaussian(),
                        "contrast", 0.3 + 0.05 * r.nextGaussian(), "sharpness", 10 + r.nextGaussian(),
                        "saturation", 0.4 + 0.1 * r.nextGaussian()), null);
            }
            inference++;
        }
        return out;
    }

    /**
     * Events per second through a real orchestrator's {@code telemetry().publish} (validation against
     * the registry) into its monitor, from the first publish until the monitor has analysed the last
     * event, for each of {@code runs} runs after one warm-up run. The models are registered first
     * (fsync off: only the ingestion is measured; its detections are journaled as they happen).
     */
    static double[] throughput(Path root, int models, Telemetry[] events, int runs) throws Exception {
        Path dir = root.resolve("ingest-" + models);
        Fixtures.deleteRecursively(dir);
        try (Orchestrator o = Orchestrator.open(Fixtures.loading(dir))) {
            Fixtures.load(o.registry(), models, 1, 8, false);
            double[] rates = new double[runs];
            for (int run = -1; run < runs; run++) {
                long seenBefore = o.monitor().telemetrySeen();
                long dropped = 0;
                long start = System.nanoTime();
                // The publisher paces itself (never more than half a queue ahead of the monitor) so that
                // nothing is dropped and the rate is what is sustained without loss.
                long published = 0;
                for (Telemetry t : events) {
                    if ((published & 1023) == 0) {
                        while (published - (o.monitor().telemetrySeen() - seenBefore) > TelemetryBus.DEFAULT_CAPACITY / 2) {
                            Thread.onSpinWait();
                        }
                    }
                    published++;
                    if (o.telemetry().publish(t) != Publication.ACCEPTED) {
                        dropped++;
                    }
                }
                double publishSeconds = (System.nanoTime() - start) / 1e9;
                long expected = seenBefore + events.length - dropped;
                while (o.monitor().telemetrySeen() < expected) {
                    Thread.onSpinWait();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (dropped > 0) {
                    System.err.printf("  (%,d events not accepted: full queue or invalid)%n", dropped);
                }
                if (run >= 0) {
                    rates[run] = (events.length - dropped) / seconds;
                    System.err.printf("ingest: %,d models: %,.0f events/s (publishing took %.2f s of %.2f s)%n",
                            models, rates[run], publishSeconds, seconds);
                }
            }
            System.err.printf("ingest: %,d models: %,d detections raised%n", models, o.monitor().detections());
            return rates;
        } finally {
            Fixtures.deleteRecursively(dir);
        }
    }

    /** Heap held per monitored model once every model has full windows under the default policy. */
    static double bytesPerModel(int models) throws InterruptedException {
        Telemetry[] events = stream(models, models * 2_400, 3); // ≥ 2 × 200 feature samples each
        long before = HeapProbe.usedAfterGc();
        Monitor monitor = new Monitor(ModelCatalog.any(), m -> MonitorPolicy.defaults(), ReferenceProfiles.none(),
                d -> { });
        for (Telemetry t : events) {
            monitor.onTelemetry(t);
        }
        long after = HeapProbe.usedAfterGc();
        java.lang.ref.Reference.reachabilityFence(events); // counted in both measurements
        if (monitor.monitoredModels() != models) {
            throw new IllegalStateException("expected " + models + " models but monitor has " + monitor.monitoredModels());
        }
        return (after - before) / (double) models;
    }

    /** Nanoseconds from publish to the detection it causes, under background load from other models. */
    static long[] detectionLatencies(int samples) throws InterruptedException {
        MonitorPolicy policy = MonitorPolicy.parse("""
                {"cooldown_seconds": 0, "detectors": [{"type": "drift_score"}, {"type": "latency", "max_ms": 1000},
                 {"type": "change", "detector": "ddm", "stream": "errors"}]}""");
        long[] sentAt = new long[samples];
        long[] latency = new long[samples];
        int[] seen = new int[1];
        Consumer<Detection> sink = d -> {
            if (d.detector().equals("drift_score")) {
                synchronized (seen) {
                    latency[seen[0]] = System.nanoTime() - sentAt[seen[0]];
                    seen[0]++;
                }
            }
        };
        Monitor monitor = new Monitor(ModelCatalog.any(), m -> policy, ReferenceProfiles.none(), sink);
        TelemetryBus bus = new TelemetryBus(new TelemetryValidator(catalog(100)),
                Thread.ofPlatform().name("monitor").daemon().factory(), 1 << 16);
        bus.register("monitor", monitor);
        Telemetry[] background = stream(100, 200_000, 9);
        int b = 0;
        for (int s = 0; s < samples; s++) {
            for (int k = 0; k < 200; k++) { // ~200 background events between probes
                bus.publish(background[b]);
                b = b + 1 == background.length ? 0 : b + 1;
            }
            sentAt[s] = System.nanoTime();
            bus.publish(new Telemetry.DriftScore("model-0", "1.0.0", T0, "ks", 0.001, Telemetry.ScoreKind.P_VALUE));
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (true) {
                synchronized (seen) {
                    if (seen[0] > s) {
                        break;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no detection within 1 s of probe " + s);
                }
                Thread.onSpinWait();
            }
        }
        bus.close();
        return latency;
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 5_000_000;
        Path root = Path.of(args.length > 2 ? args[2] : "bench-data");
        System.out.println("Host: " + Host.describe(java.nio.file.Path.of(".")));
        System.out.println("Load average at start: " + Host.loadAverage());
        List<String> rows = new ArrayList<>();
        int[] modelCounts = args.length > 3 ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 100, 10_000};
        for (int models : modelCounts) {
            Telemetry[] stream = stream(models, events, 1);
            double[] rates = throughput(root, models, stream, runs);
            rows.add(row(String.format("telemetry ingested (orchestrator's publish → monitor, default policy), %,d models",
                    models),
                    rates, "events/s", "≥ 5,000,000/s", Arrays.stream(rates).sorted().toArray()[runs / 2] >= 5e6));
        }
        double[] perModel = new double[3];
        for (int i = 0; i < perModel.length; i++) {
            perModel[i] = bytesPerModel(2_000);
            System.err.printf("ingest: %.0f bytes per monitored model%n", perModel[i]);
        }
        rows.add(row("heap per monitored model (default policy, 4 features, full windows), 2,000 models",
                perModel, "bytes", "≤ 32 KB", Arrays.stream(perModel).sorted().toArray()[1] <= 32 * 1024));
        detectionLatencies(2_000); // warm-up
        long[] lat = detectionLatencies(5_000);
        Arrays.sort(lat);
        double p50 = lat[lat.length / 2] / 1e6;
        double p99 = lat[(int) (lat.length * 0.99)] / 1e6;
        double max = lat[lat.length - 1] / 1e6;
        rows.add(String.format("| ingest-to-detection latency (publish → detection raised, bus loaded by 100 models),"
                + " 5,000 probes | p50 %.3f ms, p99 %.3f ms, max %.3f ms | p99 ≤ 5 ms | %s |", p50, p99, max,
                p99 <= 5 ? "met" : "**missed**"));
        System.out.println();
        System.out.println("| measurement | median (min … max of runs) | target | |");
        System.out.println("|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println("Load average at end: " + Host.loadAverage());
    }

    private static String row(String what, double[] values, String unit, String target, boolean met) {
        double[] s = values.clone();
        Arrays.sort(s);
        return String.format("| %s | %,.0f %s (%,.0f … %,.0f, n=%d) | %s | %s |", what, s[s.length / 2], unit, s[0],
                s[s.length - 1], s.length, target, met ? "met" : "**missed**");
    }
}
