package io.visutility.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Offline drift analysis of files: two-sample tests between a reference and a current data set, and
 * online change detectors run over a recorded stream. Neither reads nor creates the data directory.
 */
@Command(name = "drift", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Drift analysis of CSV files (does not use the data directory).",
        subcommands = {DriftCompareCommand.class, DriftDetectCommand.class})
final class DriftCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a drift command: compare or detect");
    }
}
