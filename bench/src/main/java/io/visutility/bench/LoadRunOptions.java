package io.visutility.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/**
 * Settings of the registry load run.
 *
 * @param dir where the data directories go; must be on the data disk (not tmpfs)
 * @param runs repetitions of every throughput measurement
 * @param seconds length of one throughput measurement
 * @param warmupSeconds untimed registrations before each writer measurement
 * @param writers the writer-thread counts to measure
 * @param versions versions in the journal that is replayed and whose heap is measured
 * @param models models those versions are spread over
 * @param opens timed opens: one in each of that many fresh JVMs, and that many in one JVM warmed by 3 opens
 * @param histogram lines of the class histogram to print for the replayed state (0: none)
 * @param keep keep the data directories afterwards
 * @param virtualWriters run the writers on virtual threads instead of platform threads
 * @param distinctVersions give every model of the replayed journal its own version numbers
 * @param phases which parts to run: {@code throughput}, {@code lookups}, {@code replay}
 */
record LoadRunOptions(Path dir, int runs, double seconds, double warmupSeconds, int[] writers, int versions,
        int models, int opens, int histogram, boolean keep, boolean virtualWriters, boolean distinctVersions, Set<String> phases) {

    static final Set<String> PHASES = Set.of("throughput", "lookups", "replay");

    static final String USAGE = """
            usage: java -jar bench/target/benchmarks.jar registry [options]
              --dir DIR          data directories go here (default: ./bench-data; use the data disk, not tmpfs)
              --runs N           repetitions of each throughput measurement (default 5)
              --seconds S        length of one throughput measurement (default 2)
              --warmup S         untimed registrations before each writer measurement (default 0.5)
              --writers LIST     writer thread counts (default 1,4,16,64; 1 writer is always measured,
                                 interleaved with the raw fsync probe)
              --versions N       versions in the replayed journal / heap measurement (default 1000000)
              --models N         models they are spread over (default 1000)
              --opens N          timed opens: in N fresh JVMs, and N in one JVM warmed by 3 opens (default 3)
              --histogram N      print the top N lines of the class histogram of the replayed state
              --keep             keep the data directories
              --virtual          writers on virtual threads (as behind the HTTP server) instead of platform threads
              --distinct-versions  no version number shared between models in the replayed journal
                                 (default: every model has 1.0.0, 1.0.1, ...)
              --only LIST        run only these parts: throughput,lookups,replay (default: all)
            """;

    /** Options that take a value. */
    private static final Set<String> VALUED = Set.of("--dir", "--runs", "--seconds", "--warmup", "--writers",
            "--versions", "--models", "--opens", "--histogram", "--only");

    static LoadRunOptions parse(String[] args) {
        Path dir = Path.of("bench-data");
        int runs = 5;
        double seconds = 2;
        double warmup = 0.5;
        int[] writers = {1, 4, 16, 64};
        int versions = 1_000_000;
        int models = 1_000;
        int opens = 3;
        int histogram = 0;
        boolean keep = false;
        boolean virtual = false;
        boolean distinct = false;
        Set<String> phases = PHASES;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--keep")) {
                keep = true;
                continue;
            }
            if (a.equals("--virtual")) {
                virtual = true;
                continue;
            }
            if (a.equals("--distinct-versions")) {
                distinct = true;
                continue;
            }
            if (!VALUED.contains(a)) {
                throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("expected a value after " + a + "\n" + USAGE);
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--dir" -> dir = Path.of(v);
                    case "--runs" -> runs = positive(a, Integer.parseInt(v));
                    case "--seconds" -> seconds = Double.parseDouble(v);
                    case "--warmup" -> warmup = Double.parseDouble(v);
                    case "--writers" -> writers = Arrays.stream(v.split(","))
                            .mapToInt(s -> positive(a, Integer.parseInt(s.trim()))).toArray();
                    case "--versions" -> versions = positive(a, Integer.parseInt(v));
                    case "--models" -> models = positive(a, Integer.parseInt(v));
                    case "--opens" -> opens = positive(a, Integer.parseInt(v));
                    case "--histogram" -> histogram = Integer.parseInt(v);
                    case "--only" -> phases = phases(v);
                    default -> throw new IllegalStateException("option " + a + " is listed but not handled");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a number after " + a + " but got '" + v + "'");
            }
        }
        if (seconds <= 0 || warmup < 0) {
            throw new IllegalArgumentException("expected --seconds > 0 and --warmup >= 0 but got " + seconds + " and "
                    + warmup);
        }
        if (versions < models) {
            throw new IllegalArgumentException("expected at least one version per model but got " + versions
                    + " versions for " + models + " models");
        }
        return new LoadRunOptions(dir, runs, seconds, warmup, writers, versions, models, opens, histogram, keep,
                virtual, distinct, phases);
    }

    private static Set<String> phases(String list) {
        Set<String> chosen = new java.util.TreeSet<>();
        for (String s : list.split(",")) {
            String phase = s.trim();
            if (!PHASES.contains(phase)) {
                throw new IllegalArgumentException("unknown part '" + phase + "' after --only; expected some of "
                        + new java.util.TreeSet<>(PHASES));
            }
            chosen.add(phase);
        }
        return Set.copyOf(chosen);
    }

    private static int positive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("expected a positive number after " + option + " but got " + value);
        }
        return value;
    }
}
