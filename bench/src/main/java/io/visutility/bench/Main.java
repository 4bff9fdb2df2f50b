package io.visutility.bench;

import java.util.Arrays;

/**
 * Entry point of {@code benchmarks.jar}. {@code registry [options]} runs the registry load run
 * ({@link RegistryLoadRun}); {@code open-probe DIR} is the child process the load run starts to time a
 * cold open ({@link OpenProbe}); anything else goes to JMH, e.g. {@code LatestBenchmark}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "registry" -> RegistryLoadRun.main(rest);
            case "open-probe" -> OpenProbe.main(rest);
            case "replay-phases" -> ReplayPhases.main(rest);
            case "ingest" -> IngestLoad.main(rest);
            case "false-alarms" -> FalseAlarms.main(rest);
            case "tuner" -> TunerBenchmark.main(rest);
            default -> org.openjdk.jmh.Main.main(args);
        }
    }
}
