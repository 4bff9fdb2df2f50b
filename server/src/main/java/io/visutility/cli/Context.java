package io.visutility.cli;

import io.visutility.Orchestrator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** What every command needs: the data directory from the top-level options, output, and opening it. */
@CommandLine.Command
final class Context {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandSpec command;

    Path data() {
        CommandLine c = command.commandLine();
        while (!(c.getCommand() instanceof VisutilityCommand)) {
            c = c.getParent();
        }
        return ((VisutilityCommand) c.getCommand()).data;
    }

    PrintWriter out() {
        return command.commandLine().getOut();
    }

    /** Where progress goes, so that stdout stays a result a script can read. */
    PrintWriter err() {
        return command.commandLine().getErr();
    }

    /** Opens an existing data directory. */
    Orchestrator open() throws IOException {
        return Session.open(data());
    }

    /** Opens an existing data directory, retraining {@code model} (and no other) in this process. */
    Orchestrator openRetraining(String model) throws IOException {
        return Session.openRetraining(data(), model);
    }

    /** Opens the data directory, creating it if needed. */
    Orchestrator create() throws IOException {
        return Session.create(data());
    }
}
