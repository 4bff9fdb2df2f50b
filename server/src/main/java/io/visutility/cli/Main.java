package io.visutility.cli;

import picocli.CommandLine;

/** Entry point of the {@code visutility} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(VisutilityCommand.commandLine().execute(args));
    }
}
