package io.visutility.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.bus.Subscription;
import io.visutility.bus.SubscriptionOptions;
import io.visutility.client.Artifact;
import io.visutility.client.ModelVersion;
import io.visutility.client.Registration;
import io.visutility.client.TelemetrySender;
import io.visutility.client.VisutilityClient;
import io.visutility.demo.ShapeImages.Camera;
import io.visutility.demo.ShapeImages.Image;
import io.visutility.event.DetectionRaised;
import io.visutility.event.JournaledEvent;
import io.visutility.event.ModelVersionRegistered;
import io.visutility.event.PromotionDecided;
import io.visutility.event.RetrainFinished;
import io.visutility.event.RetrainQueued;
import io.visutility.event.RetrainStarted;
import io.visutility.event.StudyRecorded;
import io.visutility.http.ApiServer;
import io.visutility.monitor.MonitorPolicy;
import io.visutility.monitor.RegistryCatalog;
import io.visutility.retrain.RetrainConfigJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code visutility demo}: the whole loop on real code paths, in about a minute. It trains an image
 * classifier with Tribuo on synthetic shapes, registers and promotes it through the Java client,
 * serves predictions on a stream of generated images while sending telemetry through the client,
 * changes the camera's exposure, and lets the product do the rest: the monitor detects the drift (KS
 * tests on image statistics, DDM on prediction errors), the retrainer runs {@link DemoTrainer} as a
 * separate process with TPE over several trials, registers 1.0.1 with lineage and promotes it
 * (champion re-scored on the same data); the serving side picks the new production version up and
 * accuracy recovers. Everything printed comes from what happened: the demo's own measurements and
 * the events on the bus.
 */
public final class Demo {
    public static final String MODEL = "shapes";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RATE_PER_SECOND = 400;
    private static final int RECENT_IMAGES = 4000;

    /**
     * @param dataDir a new or empty directory for the demo's data
     * @param port the server's port (0: any free one)
     * @param before how long to serve before the drift
     * @param after how long to serve the new version before the summary
     * @param timeout how long to wait for the loop (detection, retraining, promotion) after the drift
     */
    public record Options(Path dataDir, int port, boolean keepRunning, long seed, Duration before, Duration after,
            Duration timeout, int trialsPerJob) {
        public static Options defaults(Path dataDir) {
            return new Options(dataDir, 8080, false, 42, Duration.ofSeconds(10), Duration.ofSeconds(8),
                    Duration.ofSeconds(75), 6);
        }
    }

    /** What the run measured; {@link #completed()} when drift, retraining, promotion and recovery all happened. */
    public record Outcome(double accuracyBefore, double accuracyDrifted, double accuracyAfter, String promotedVersion,
            int detections, int trials, boolean completed, String why) {}

    private final Options options;
    private final PrintWriter out;
    private final long started = System.nanoTime();

    public Demo(Options options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    private synchronized void say(String format, Object... args) {
        out.printf(Locale.ROOT, "[%5.1fs] %s%n", (System.nanoTime() - started) / 1e9, String.format(Locale.ROOT, format,
                args));
        out.flush();
    }

    private synchronized void detail(String format, Object... args) {
        out.printf(Locale.ROOT, "          %s%n", String.format(Locale.ROOT, format, args));
        out.flush();
    }

    /** Runs the scenario; with {@code keepRunning} it then serves until the process is stopped. */
    public Outcome run() throws IOException, InterruptedException {
        Path demoDir = Files.createDirectories(options.dataDir().resolve("demo"));
        SplittableRandom rnd = new SplittableRandom(options.seed());

        say("generating 4,000 labelled %d×%d images of %s (jittered position and size, sensor noise)",
                ShapeImages.SIZE, ShapeImages.SIZE, String.join(", ", ShapeImages.CLASSES));
        long now = System.currentTimeMillis();
        List<Image> train = ShapeImages.dataset(rnd, Camera.NORMAL, 3000, now);
        List<Image> validation = ShapeImages.dataset(rnd, Camera.NORMAL, 1000, now);
        ShapeModel.Params p = ShapeModel.Params.DEFAULTS;
        ShapeModel first = ShapeModel.train(train, p, 1);
        double validationAccuracy = first.accuracy(validation);
        Path firstFile = demoDir.resolve("model-1.0.0.tribuo");
        first.save(firstFile);
        say("trained %s 1.0.0 with Tribuo linear SGD (lr=%s, epochs=%d, minibatch=%d): validation accuracy %.1f%%", MODEL,
                p.learningRate(), p.epochs(), p.minibatch(), 100 * validationAccuracy);

        try (Orchestrator orchestrator = Orchestrator.open(OrchestratorConfig.of(options.dataDir()))) {
            ApiServer server = startServer(orchestrator);
            try {
                URI base = URI.create("http://127.0.0.1:" + server.port());
                say("server listening; watch it live: %s/?model=%s", base, MODEL);
                Events events = new Events();
                Subscription subscription = orchestrator.bus().subscribe("demo-timeline", events,
                        SubscriptionOptions.live());
                try (VisutilityClient client = VisutilityClient.builder(base).telemetryLinger(Duration.ofMillis(100))
                        .build()) {
                    register(client, firstFile, validation, validationAccuracy, p);
                    configure(orchestrator, demoDir);
                    Outcome outcome = serve(client, demoDir, events);
                    summary(outcome, events, base);
                    if (options.keepRunning()) {
                        keepRunning(base);
                    }
                    return outcome;
                } finally {
                    subscription.close();
                }
            } finally {
                server.close();
            }
        }
    }

    private ApiServer startServer(Orchestrator orchestrator) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try {
            return ApiServer.start(orchestrator, loopback, options.port());
        } catch (RuntimeException e) {
            if (options.port() == 0) {
                throw e;
            }
            say("port %d is taken; using a free one", options.port());
            return ApiServer.start(orchestrator, loopback, 0);
        }
    }

    /** Uploads, registers (metrics, params, reference profile) and promotes 1.0.0 — the CI path, through the client. */
    private void register(VisutilityClient client, Path file, List<Image> validation, double accuracy,
            ShapeModel.Params p) {
        Artifact artifact = client.uploadArtifact(file);
        Map<String, List<Double>> profile = new LinkedHashMap<>();
        ShapeImages.STATISTICS.forEach(s -> profile.put(s, new ArrayList<>()));
        for (Image im : validation.subList(0, 500)) {
            ShapeImages.statistics(im.pixels()).forEach((k, v) -> profile.get(k).add(v));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("lr", p.learningRate());
        params.put("epochs", p.epochs());
        params.put("minibatch", p.minibatch());
        params.put(RegistryCatalog.PROFILE_PARAM, Map.of("numeric", profile));
        client.register(MODEL, Registration.builder("1.0.0", artifact.sha256()).metric("accuracy", accuracy)
                .tag("dataset", "synthetic-shapes").tag("camera", Camera.NORMAL.name()).params(params).build());
        client.promote(MODEL, "1.0.0", "production");
        say("registered %s 1.0.0 through the Java client (artifact sha256 %s…, %,d bytes; reference profile of %s "
                + "on 500 validation images) and promoted it to production", MODEL, artifact.sha256().substring(0, 12),
                artifact.size(), String.join("/", ShapeImages.STATISTICS));
    }

    private void configure(Orchestrator orchestrator, Path demoDir) {
        orchestrator.setMonitorPolicy(MODEL, MonitorPolicy.parse("""
                {"cooldown_seconds": 2,
                 "detectors": [
                   {"type": "feature_drift", "method": "ks", "window": 300, "threshold": 0.001},
                   {"type": "change", "detector": "hddm-a", "stream": "errors", "params": {"drift_confidence": 0.0001}},
                   {"type": "latency", "max_ms": 50}]}"""));
        say("monitor policy: KS tests of brightness/contrast/sharpness against the reference profile every 300 "
                + "images (p < 0.001); HDDM-A on prediction errors; mean latency above "
                + "50 ms");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ObjectNode config = JSON.createObjectNode();
        ArrayNode command = config.putObject("trainer").putArray("command");
        for (String a : List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp",
                System.getProperty("java.class.path"), DemoTrainer.class.getName(), "--data",
                demoDir.resolve("recent.bin").toString(), "--min-images", "2800")) {
            command.add(a);
        }
        if (Runtime.version().feature() >= 23) {
            // protobuf (inside Tribuo) still uses sun.misc.Unsafe; JDK 24+ warns about it on every start
            command.insert(1, "--sun-misc-unsafe-memory-access=allow");
        }
        config.set("space", parse("""
                {"lr": {"type": "float", "low": 0.005, "high": 0.5, "log": true},
                 "epochs": {"type": "int", "low": 1, "high": 16},
                 "minibatch": {"type": "int", "low": 1, "high": 16, "log": true}}"""));
        config.set("sampler", parse("{\"name\": \"tpe\", \"seed\": " + options.seed() + ", \"startup_trials\": 3}"));
        config.set("policy", parse("{\"cooldown_seconds\": 600, \"detections_required\": 2, \"detection_window_seconds\": 30, \"max_attempts\": 2, "
                + "\"backoff_seconds\": 1, \"max_backoff_seconds\": 1, \"timeout_seconds\": 120, \"trials_per_job\": "
                + options.trialsPerJob() + "}"));
        config.set("promotion", parse("{\"metric\": \"accuracy\", \"direction\": \"maximize\", "
                + "\"champion_value\": \"rescored\"}"));
        orchestrator.setRetrainConfig(MODEL, RetrainConfigJson.parse(config.toString()));
        say("retrain config: on 2 drift detections within 30 s, run %s as its own JVM on the labelled images after the detection; TPE over "
                + "lr/epochs/minibatch, %d trials per job; promote the best if it beats production re-scored on the "
                + "same validation images", DemoTrainer.class.getSimpleName(), options.trialsPerJob());
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(json, e);
        }
    }

    /** The serving endpoint: predictions with the production version, telemetry, labelled images kept for training. */
    private final class Serving implements AutoCloseable {
        final VisutilityClient client;
        final TelemetrySender telemetry;
        final Path recentFile;
        final ArrayDeque<Image> recent = new ArrayDeque<>();
        final SplittableRandom rnd = new SplittableRandom(options.seed() + 1);
        volatile Camera camera = Camera.NORMAL;
        volatile String version;
        volatile ShapeModel model;
        volatile boolean stop;
        /** Right and total predictions per (version, camera). */
        final Map<String, long[]> tally = new ConcurrentHashMap<>();
        /** The last second's predictions, for the progress line: [right, total] with a ring of outcomes. */
        final boolean[] window = new boolean[RATE_PER_SECOND * 2];
        final AtomicLong served = new AtomicLong();
        final double[] latencies = new double[RATE_PER_SECOND];
        Thread thread;
        Thread watcher;

        Serving(VisutilityClient client, Path demoDir) {
            this.client = client;
            this.telemetry = client.telemetry();
            this.recentFile = demoDir.resolve("recent.bin");
        }

        void start() throws InterruptedException {
            follow(); // load production before the first image
            watcher = Thread.ofPlatform().daemon().name("demo-production-watch").start(() -> {
                while (!stop) {
                    try {
                        Thread.sleep(250);
                        follow();
                        writeRecent();
                    } catch (InterruptedException e) {
                        return;
                    } catch (IOException | RuntimeException e) {
                        say("serving: %s", e.getMessage());
                    }
                }
            });
            thread = Thread.ofPlatform().name("demo-serving").start(this::loop);
        }

        /** Loads the version holding production when it changed: downloaded through the client, checksum verified. */
        void follow() {
            ModelVersion live = client.production(MODEL).orElseThrow();
            if (live.version().equals(version)) {
                return;
            }
            try {
                Path file = client.downloadArtifact(live.sha256(), options.dataDir().resolve("demo").resolve("serving")
                        .resolve(live.version() + ".tribuo"));
                model = ShapeModel.load(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            String previous = version;
            version = live.version();
            if (previous != null) {
                say("serving switched %s → %s (production moved; artifact downloaded, SHA-256 verified, loaded)",
                        previous, version);
            }
        }

        void loop() {
            long interval = 1_000_000_000L / RATE_PER_SECOND;
            long next = System.nanoTime();
            while (!stop) {
                long now = System.nanoTime();
                if (now < next) {
                    LockSupport.parkNanos(next - now);
                    continue;
                }
                next += interval;
                if (now - next > 1_000_000_000L) {
                    next = now; // fell far behind (a pause): do not burst
                }
                serveOne();
            }
        }

        private void serveOne() {
            Camera cam = camera;
            Image im = ShapeImages.capture(rnd, cam, System.currentTimeMillis());
            ShapeModel m = model;
            String v = version;
            long t0 = System.nanoTime();
            String predicted = m.predict(im);
            double millis = (System.nanoTime() - t0) / 1e6;
            boolean right = predicted.equals(im.labelName());
            telemetry.latency(MODEL, v, millis);
            telemetry.outcome(MODEL, v, predicted, im.labelName());
            telemetry.features(MODEL, v, ShapeImages.statistics(im.pixels()));
            long n = served.getAndIncrement();
            synchronized (this) {
                window[(int) (n % window.length)] = right;
                latencies[(int) (n % latencies.length)] = millis;
                recent.addLast(im);
                if (recent.size() > RECENT_IMAGES) {
                    recent.removeFirst();
                }
            }
            long[] t = tally.computeIfAbsent(v + "|" + cam.name(), k -> new long[2]);
            synchronized (t) {
                t[0] += right ? 1 : 0;
                t[1]++;
            }
        }

        void writeRecent() throws IOException {
            List<Image> copy;
            synchronized (this) {
                copy = new ArrayList<>(recent);
            }
            if (!copy.isEmpty()) {
                ShapeImages.write(recentFile, copy);
            }
        }

        /** Accuracy over the last {@code window.length} predictions and the median latency of the last second. */
        synchronized String progress() {
            long n = Math.min(served.get(), window.length);
            int right = 0;
            for (int i = 0; i < n; i++) {
                right += window[i] ? 1 : 0;
            }
            double[] l = Arrays.copyOf(latencies, (int) Math.min(served.get(), latencies.length));
            Arrays.sort(l);
            return String.format(Locale.ROOT, "serving %s · camera %s · %,d images · accuracy %.1f%% (last %d) · "
                    + "latency p50 %.3f ms", version, camera.name(), served.get(), n == 0 ? 0 : 100.0 * right / n, n,
                    l.length == 0 ? 0 : l[l.length / 2]);
        }

        /** Accuracy of {@code version} under {@code camera} so far, from {@code since} (a tally snapshot) on. */
        double accuracy(String v, Camera cam, long[] since) {
            long[] t = tally.getOrDefault(v + "|" + cam.name(), new long[2]);
            synchronized (t) {
                long right = t[0] - (since == null ? 0 : since[0]);
                long total = t[1] - (since == null ? 0 : since[1]);
                return total == 0 ? Double.NaN : (double) right / total;
            }
        }

        long[] snapshot(String v, Camera cam) {
            long[] t = tally.getOrDefault(v + "|" + cam.name(), new long[2]);
            synchronized (t) {
                return t.clone();
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            if (thread != null) {
                thread.join();
            }
            if (watcher != null) {
                watcher.interrupt();
                watcher.join();
            }
            telemetry.flush(Duration.ofSeconds(5));
        }
    }

    private Serving serving;

    private Outcome serve(VisutilityClient client, Path demoDir, Events events) throws InterruptedException {
        serving = new Serving(client, demoDir);
        serving.start();
        say("serving 1.0.0 on a stream of %d images/s from the normal camera; telemetry (outcome, latency, image "
                + "statistics) goes through the Java client", RATE_PER_SECOND);
        progressFor(options.before());
        double before = serving.accuracy("1.0.0", Camera.NORMAL, null);

        serving.camera = Camera.OVEREXPOSED;
        long driftAt = System.nanoTime();
        events.driftInjectedAt = System.currentTimeMillis();
        say("DRIFT: the camera's exposure changed (gain %.2f, offset +%.2f, soft focus): brighter, flatter images",
                Camera.OVEREXPOSED.gain(), Camera.OVEREXPOSED.offset());

        long deadline = System.nanoTime() + options.timeout().toNanos();
        long lastProgress = System.nanoTime();
        while (events.promoted == null && events.givenUp == null && System.nanoTime() < deadline) {
            events.promotedLatch.await(200, TimeUnit.MILLISECONDS);
            if (System.nanoTime() - lastProgress > 3_000_000_000L) {
                say("%s", serving.progress());
                lastProgress = System.nanoTime();
            }
        }
        double drifted = serving.accuracy("1.0.0", Camera.OVEREXPOSED, null);
        if (events.promoted == null) {
            serving.close();
            String why = events.givenUp != null ? events.givenUp
                    : "no new version was promoted within " + options.timeout().toSeconds() + " s of the drift";
            return new Outcome(before, drifted, Double.NaN, null, events.detections(), events.trialsDone, false, why);
        }
        say("loop closed %.1f s after the drift", (System.nanoTime() - driftAt) / 1e9);
        // let the serving side pick the new version up, then measure it on the drifted camera
        long waitUntil = System.nanoTime() + 5_000_000_000L;
        while (!events.promoted.equals(serving.version) && System.nanoTime() < waitUntil) {
            Thread.sleep(50);
        }
        long[] from = serving.snapshot(events.promoted, Camera.OVEREXPOSED);
        progressFor(options.after());
        double after = serving.accuracy(events.promoted, Camera.OVEREXPOSED, from);
        if (!options.keepRunning()) {
            serving.close();
        }
        boolean recovered = after >= drifted + 0.10;
        return new Outcome(before, drifted, after, events.promoted, events.detections(), events.trialsDone, recovered,
                recovered ? "accuracy recovered" : String.format(Locale.ROOT,
                        "accuracy did not recover: %.1f%% after the promotion vs %.1f%% under the drift", 100 * after,
                        100 * drifted));
    }

    private void progressFor(Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (end - System.nanoTime() > 100_000_000L) {
            Thread.sleep(Math.min(3000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            say("%s", serving.progress());
        }
    }

    private void summary(Outcome o, Events events, URI base) {
        out.println();
        out.println(o.completed() ? "Summary: drift detected, model retrained, new version promoted, accuracy back."
                : "Summary: the loop did not complete — " + o.why());
        out.printf(Locale.ROOT, "  accuracy     %s before the drift (1.0.0) → %s under the drift (1.0.0) → %s after "
                + "retraining (%s)%n", pct(o.accuracyBefore()), pct(o.accuracyDrifted()), pct(o.accuracyAfter()),
                o.promotedVersion() == null ? "none promoted" : o.promotedVersion());
        out.printf(Locale.ROOT, "  detections   %d %s%s%n", o.detections(), events.byDetector,
                events.firstDetectionAfterDrift == null ? ""
                        : String.format(Locale.ROOT, "; the first %.2f s after the drift", events.firstDetectionAfterDrift));
        out.printf(Locale.ROOT, "  retraining   %d trials%s%n", o.trials(), events.best == null ? ""
                : "; best " + events.best);
        if (events.promotionReason != null) {
            out.printf(Locale.ROOT, "  promotion    %s%n", events.promotionReason);
        }
        out.printf(Locale.ROOT, "  took         %.1f s; data directory %s%n", (System.nanoTime() - started) / 1e9,
                options.dataDir());
        out.printf(Locale.ROOT, "  dashboard    %s/?model=%s%s%n", base, MODEL, options.keepRunning() ? ""
                : " (stopped; run with --keep-running to keep it up)");
        out.flush();
    }

    private static String pct(double x) {
        return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * x);
    }

    private void keepRunning(URI base) throws InterruptedException {
        say("still serving (drifted camera) with the server up at %s — Ctrl-C to stop", base);
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(forever::countDown));
        while (!forever.await(10, TimeUnit.SECONDS)) {
            say("%s", serving.progress());
        }
    }

    /** Turns the bus's events into timeline lines and keeps what the summary needs. */
    private final class Events implements io.visutility.bus.EventHandler {
        volatile long driftInjectedAt;
        volatile Double firstDetectionAfterDrift;
        volatile String promoted;
        volatile String givenUp;
        volatile String promotionReason;
        volatile String best;
        volatile int trialsDone;
        final CountDownLatch promotedLatch = new CountDownLatch(1);
        final Map<String, Integer> byDetector = new TreeMap<>();
        final Map<Integer, String> askedParams = new ConcurrentHashMap<>();
        double bestValue = Double.NEGATIVE_INFINITY;

        synchronized int detections() {
            return byDetector.values().stream().mapToInt(Integer::intValue).sum();
        }

        @Override
        public void onEvent(JournaledEvent e) {
            switch (e.event()) {
                case DetectionRaised d when d.model().equals(MODEL) -> detection(d);
                case RetrainQueued q when q.model().equals(MODEL) -> say("retrain job %s queued (%s): %s", q.jobId(),
                        q.trigger(), q.reason());
                case RetrainStarted s when s.model().equals(MODEL) -> say("job %s attempt %d started; trainer log %s",
                        s.jobId(), s.attempt(), s.log());
                case StudyRecorded s when s.model().equals(MODEL) -> trial(s.step());
                case ModelVersionRegistered r when r.model().equals(MODEL) && r.lineage().trainingJobId() != null ->
                        say("registered %s %s (best trial): validation accuracy %s, parent %s re-scored on the same "
                                + "images %s; lineage: parent %s, job %s", MODEL, r.version(),
                                r.metrics().get("accuracy"), r.lineage().parentVersion(),
                                r.metrics().get("parent_accuracy"), r.lineage().parentVersion(),
                                r.lineage().trainingJobId());
                case RetrainFinished f when f.model().equals(MODEL) && !"succeeded".equals(f.outcome()) -> {
                    say("job %s attempt %d %s: %s", f.jobId(), f.attempt(), f.outcome(), f.reason());
                    if (f.retryAt() == null) {
                        givenUp = "the retrain job " + f.outcome() + ": " + f.reason();
                        promotedLatch.countDown();
                    }
                }
                case PromotionDecided d when d.model().equals(MODEL) -> {
                    say("champion/challenger: %s %s — %s", d.decision(), d.candidate(), d.reason());
                    promotionReason = d.decision() + " " + d.candidate() + ": " + d.reason();
                    if ("promoted".equals(d.decision()) || "approved".equals(d.decision())) {
                        promoted = d.candidate();
                    } else if ("kept".equals(d.decision()) || "held".equals(d.decision())) {
                        givenUp = "the retrained version was " + d.decision() + ": " + d.reason();
                    }
                    promotedLatch.countDown();
                }
                default -> { }
            }
        }

        private void detection(DetectionRaised d) {
            int n;
            synchronized (this) {
                n = byDetector.merge(d.detector() + "/" + d.severity(), 1, Integer::sum);
            }
            if (firstDetectionAfterDrift == null && driftInjectedAt > 0 && "drift".equals(d.severity())) {
                firstDetectionAfterDrift = (d.detectedAt().toEpochMilli() - driftInjectedAt) / 1000.0;
            }
            if (n > 1 || !"drift".equals(d.severity())) {
                return; // the first drift of each detector is printed; the summary counts them all
            }
            say("DETECTED %s (%s) on %s %s: %s", d.detector(), d.severity(), d.model(), d.version(), d.reason());
            for (JsonNode f : d.evidence().path("features")) {
                detail("%-10s %s statistic %.3f, p-value %.3g%s", f.path("name").asText(), f.path("method").asText(),
                        f.path("statistic").asDouble(), f.path("p_value").asDouble(), f.path("drifted").asBoolean()
                                ? " → drifted" : "");
            }
            JsonNode ev = d.evidence();
            if (ev.has("cut_mean") && ev.has("mean")) {
                detail("error rate %.3f over all %d predictions vs %.3f up to prediction %d: an increase beyond the "
                        + "Hoeffding bound %.4f", ev.path("mean").asDouble(), ev.path("n").asLong(),
                        ev.path("cut_mean").asDouble(), ev.path("cut_n").asLong(), ev.path("drift_bound").asDouble());
            }
        }

        private void trial(JsonNode step) {
            int number = step.path("trial").asInt();
            switch (step.path("type").asText()) {
                case "trial_asked" -> askedParams.put(number, params(step.path("params")));
                case "trial_completed" -> {
                    double value = step.path("value").asDouble();
                    trialsDone++;
                    String params = askedParams.getOrDefault(number, "?");
                    say("trial #%d  %s  → validation accuracy %.3f", number, params, value);
                    synchronized (this) {
                        if (value > bestValue) {
                            bestValue = value;
                            best = String.format(Locale.ROOT, "trial #%d (%s) with accuracy %.3f", number, params, value);
                        }
                    }
                }
                case "trial_failed" -> {
                    trialsDone++;
                    say("trial #%d  %s  failed: %s", number, askedParams.getOrDefault(number, "?"),
                            step.path("reason").asText());
                }
                default -> { }
            }
        }

        private static String params(JsonNode p) {
            StringBuilder s = new StringBuilder();
            p.properties().forEach(e -> {
                if (!s.isEmpty()) {
                    s.append(' ');
                }
                JsonNode v = e.getValue();
                s.append(e.getKey()).append('=').append(v.isFloatingPointNumber()
                        ? String.format(Locale.ROOT, "%.4g", v.asDouble()) : v.asText());
            });
            return s.toString();
        }
    }
}
