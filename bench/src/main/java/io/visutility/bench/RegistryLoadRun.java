package io.visutility.bench;

import io.visutility.Orchestrator;
import io.visutility.bench.ResultTable.Unit;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry load run: in one process, on the data disk,
 * <ol>
 *   <li>rounds of: one writer against the raw fsync rate, interleaved in 100-ms slices
 *       ({@link SingleWriterLoad}), then durable registrations per second at each larger writer count
 *       ({@link RegistrationLoad}) — so that a noisy minute hits every figure alike;
 *   <li>latest() lookups per second from two threads ({@link LatestLoad});
 *   <li>a journal of 1M registrations (written with fsync off and snapshots off, so that an open
 *       replays every record) and the heap the live state holds; then timed opens of it
 *       ({@link OpenProbe}), each in a fresh JVM (cold, as at a real start-up; these also measure the
 *       heap the replayed state holds), and several in one more JVM after untimed opens (JIT warm).
 * </ol>
 * Progress goes to stderr; the results, as a Markdown table of medians with min and max, to stdout.
 */
public final class RegistryLoadRun {
    private static final Pattern PROBE = Pattern.compile(
            "open-probe seconds=([0-9.]+) heap_bytes=(-?[0-9]+) versions=([0-9]+)");
    private static final Pattern PROBE_CPU = Pattern.compile("open-probe-cpu seconds=([0-9.]+)");
    private static final int WARM_UP_OPENS = 3;

    private final LoadRunOptions options;
    private final Path root;
    private final ResultTable table = new ResultTable();
    private double childCpuSeconds;

    private RegistryLoadRun(LoadRunOptions options) {
        this.options = options;
        this.root = options.dir().toAbsolutePath().normalize();
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(LoadRunOptions.USAGE);
            return;
        }
        LoadRunOptions options;
        try {
            options = LoadRunOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new RegistryLoadRun(options).run();
    }

    private void run() throws Exception {
        Files.createDirectories(root);
        System.out.println("Host: " + Host.describe(root));
        if (Host.isTmpfs(root)) {
            System.out.println("WARNING: " + root + " is on tmpfs, where fsync costs nothing; pass --dir on the data"
                    + " disk");
        }
        System.out.println("Load average at start: " + Host.loadAverage());
        double busy0 = Host.busyCpuSeconds();
        double own0 = Host.ownCpuSeconds();
        long start = System.nanoTime();
        try {
            if (options.phases().contains("throughput")) {
                throughputRounds();
            }
            if (options.phases().contains("lookups")) {
                lookups();
            }
            if (options.phases().contains("replay")) {
                replayAndHeap();
            }
        } finally {
            if (!options.keep()) {
                for (String d : List.of("replay", "lookups")) {
                    Fixtures.deleteRecursively(root.resolve(d));
                }
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double others = Math.max(0, Host.busyCpuSeconds() - busy0 - (Host.ownCpuSeconds() - own0) - childCpuSeconds);
        int cpus = Runtime.getRuntime().availableProcessors();
        System.out.println();
        table.print(System.out);
        System.out.println();
        System.out.printf("Run took %.0f s. Load average at end: %s. Other processes used %.0f CPU-seconds meanwhile"
                + " (%.0f %% of the machine's %d CPUs).%n", wall, Host.loadAverage(), others,
                100 * others / (wall * cpus), cpus);
    }

    private void throughputRounds() throws Exception {
        int runs = options.runs();
        int[] writers = Arrays.stream(options.writers()).filter(w -> w > 1).toArray();
        double[] fsync = new double[runs];
        double[] single = new double[runs];
        double[] singleRatio = new double[runs];
        Map<Integer, double[]> rates = new TreeMap<>();
        Map<Integer, double[]> batches = new TreeMap<>();
        Map<Integer, double[]> others = new TreeMap<>();
        for (int w : writers) {
            rates.put(w, new double[runs]);
            batches.put(w, new double[runs]);
            others.put(w, new double[runs]);
        }
        System.err.println("warm-up: 64 writers, untimed ...");
        RegistrationLoad.run(root.resolve("warm-up"), 64, options.virtualWriters(), 0,
                Math.max(1, options.warmupSeconds()));
        for (int r = 0; r < runs; r++) {
            SingleWriterLoad.Result one = SingleWriterLoad.run(root.resolve("writers-1"), options.virtualWriters(),
                    options.warmupSeconds(), options.seconds());
            fsync[r] = one.fsyncsPerSecond();
            single[r] = one.registrationsPerSecond();
            singleRatio[r] = one.ratio();
            StringBuilder line = new StringBuilder(String.format(
                    "round %d/%d: fsync %,.0f/s, 1 writer %,.0f/s (%.0f %%);", r + 1, runs, fsync[r], single[r],
                    100 * singleRatio[r]));
            for (int w : writers) {
                RegistrationLoad.Result res = RegistrationLoad.run(root.resolve("writers-" + w), w,
                        options.virtualWriters(), options.warmupSeconds(), options.seconds());
                rates.get(w)[r] = res.perSecond();
                batches.get(w)[r] = res.commandsPerBatch();
                others.get(w)[r] = res.othersCpuShare();
                line.append(String.format(" %d writers %,.0f/s (%.1f per fsync, others %.0f %% CPU);", w,
                        res.perSecond(), res.commandsPerBatch(), 100 * res.othersCpuShare()));
            }
            System.err.println(line);
        }
        String kind = options.virtualWriters() ? " virtual" : "";
        table.add("raw fsync rate of the data disk (append 200 B + fdatasync)", Samples.of(fsync), Unit.PER_SECOND,
                "reference (~6,000/s measured earlier)", null);
        table.add("durable registrations, 1" + kind + " writer", Samples.of(single), Unit.PER_SECOND);
        table.add("1 writer ÷ raw fsync rate (interleaved 100-ms slices)", Samples.of(singleRatio), Unit.PERCENT,
                "≥ 80 %", v -> v >= 0.8);
        for (int w : writers) {
            String name = "durable registrations, " + w + kind + " writers";
            if (w == 64) {
                table.add(name, Samples.of(rates.get(w)), Unit.PER_SECOND, "≥ 50,000/s", v -> v >= 50_000);
            } else {
                table.add(name, Samples.of(rates.get(w)), Unit.PER_SECOND);
            }
        }
        for (int w : writers) {
            table.add("registrations per commit batch (fsync), " + w + " writers", Samples.of(batches.get(w)),
                    Unit.COUNT);
        }
        for (int w : writers) {
            table.add("CPU share other processes used during the " + w + "-writer runs", Samples.of(others.get(w)),
                    Unit.PERCENT);
        }
    }

    private void lookups() throws Exception {
        int models = 1_000;
        int perModel = 100;
        System.err.printf("latest(): registering %,d models × %d versions ...%n", models, perModel);
        try (LatestLoad load = LatestLoad.prepare(root.resolve("lookups"), models, perModel)) {
            load.measure(2, Math.min(1, options.seconds())); // JIT warm-up
            double[] rates = new double[options.runs()];
            for (int r = 0; r < rates.length; r++) {
                rates[r] = load.measure(2, options.seconds());
                System.err.printf("latest(): %,.0f lookups/s%n", rates[r]);
            }
            table.add("latest() lookups, 2 threads, " + String.format("%,d", models) + " models × " + perModel
                    + " versions", Samples.of(rates), Unit.PER_SECOND, "≥ 10,000,000/s", v -> v >= 10_000_000);
        }
    }

    private void replayAndHeap() throws Exception {
        Path dir = root.resolve("replay");
        Fixtures.deleteRecursively(dir);
        int models = options.models();
        int perModel = options.versions() / models;
        long versions = (long) models * perModel;
        System.err.printf("replay: registering %,d versions (%,d models × %,d; fsync and snapshots off%s) ...%n",
                versions, models, perModel,
                options.distinctVersions() ? "; no version number shared between models" : "");
        long before = HeapProbe.usedAfterGc();
        long loadStart = System.nanoTime();
        long liveHeap;
        try (Orchestrator o = Orchestrator.open(Fixtures.loading(dir))) {
            Fixtures.load(o.registry(), models, perModel, 64, options.distinctVersions());
            System.err.printf("replay: registered in %.1f s%n", (System.nanoTime() - loadStart) / 1e9);
            liveHeap = HeapProbe.usedAfterGc() - before;
            if (o.registry().versionCount() != versions) {
                throw new IllegalStateException("expected " + versions + " versions but the registry holds "
                        + o.registry().versionCount());
            }
        }
        Path journal = dir.resolve("journal");
        long segments;
        try (var s = Files.list(journal)) {
            segments = s.count();
        }
        // one ModelVersionRegistered record per registration
        String label = String.format("%,d-record journal (%.0f MB, %d segments)", versions,
                Fixtures.sizeOf(journal) / 1e6, segments);
        System.err.println("replay: " + label);

        double[] cold = new double[options.opens()];
        double[] heap = new double[options.opens()];
        for (int i = 0; i < cold.length; i++) {
            List<OpenProbe.Result> probe = openInFreshJvm(dir, i == 0 ? options.histogram() : 0, 0, 1, versions);
            cold[i] = probe.get(0).seconds();
            heap[i] = probe.get(0).heapBytes();
            System.err.printf("replay: open in a fresh JVM %.2f s, state holds %.0f MB of heap%n", cold[i],
                    heap[i] / 1e6);
        }
        // Warm: in one more fresh JVM, after WARM_UP_OPENS untimed opens have compiled the replay path.
        // (Not in this JVM: its JIT profiles come from the write path, which made its opens slower.)
        List<OpenProbe.Result> warmProbe = openInFreshJvm(dir, 0, WARM_UP_OPENS, options.opens(), versions);
        double[] warm = warmProbe.stream().mapToDouble(OpenProbe.Result::seconds).toArray();
        System.err.printf("replay: opens after %d untimed ones in the same JVM: %s s%n", WARM_UP_OPENS,
                Arrays.toString(Arrays.stream(warm).map(v -> Math.round(v * 100) / 100.0).toArray()));
        table.add("replay (open) of a " + label + ", fresh JVM", Samples.of(cold), Unit.SECONDS, "≤ 2 s",
                v -> v <= 2);
        table.add("replay (open) of the same, JVM warmed by " + WARM_UP_OPENS + " opens", Samples.of(warm),
                Unit.SECONDS, "≤ 2 s", v -> v <= 2);
        String shared = options.distinctVersions() ? ", version numbers distinct across models" : "";
        table.add(String.format("heap held by %,d replayed versions (1 metric + 1 tag each%s)", versions, shared),
                Samples.of(heap), Unit.MEGABYTES, "≤ 250 MB", v -> v <= 250e6);
        table.add(String.format("heap held by the same %,d versions registered live", versions),
                Samples.of(liveHeap), Unit.MEGABYTES, "≤ 250 MB", v -> v <= 250e6);
    }

    /** Runs {@link OpenProbe} in a new JVM with this one's heap and GC settings. */
    private List<OpenProbe.Result> openInFreshJvm(Path dir, int histogramLines, int untimed, int timed, long versions)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-XX:+Use") || a.startsWith("-XX:-Use")) {
                command.add(a);
            }
        }
        command.addAll(Arrays.asList("-cp", System.getProperty("java.class.path"), Main.class.getName(), "open-probe",
                dir.toString(), Integer.toString(histogramLines), Integer.toString(untimed), Integer.toString(timed)));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<OpenProbe.Result> results = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                Matcher m = PROBE.matcher(line);
                Matcher cpu = PROBE_CPU.matcher(line);
                if (m.matches()) {
                    results.add(new OpenProbe.Result(Double.parseDouble(m.group(1)), Long.parseLong(m.group(2)),
                            Long.parseLong(m.group(3))));
                } else if (cpu.matches()) {
                    childCpuSeconds += Double.parseDouble(cpu.group(1));
                }
            }
        }
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0 || results.size() != timed) {
            p.destroyForcibly();
            throw new IllegalStateException("the open probe " + command + " failed (exit "
                    + (p.isAlive() ? "none" : p.exitValue()) + ", " + results.size() + " of " + timed + " opens)");
        }
        for (OpenProbe.Result r : results) {
            if (r.versions() != versions) {
                throw new IllegalStateException("expected the open probe to recover " + versions
                        + " versions but it recovered " + r.versions());
            }
        }
        return results;
    }
}
