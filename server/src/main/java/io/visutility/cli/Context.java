package io.visutility.cli;

import io.visutility.Orchestrator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every command needs: the top-level options, output, and what the command acts on — the data
 * directory, or the server named by {@code --server}.
 */
@CommandLine.Command
final class Context {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandSpec command;

    private VisutilityCommand top() {
        CommandLine c = command.commandLine();
        while (!(c.getCommand() instanceof VisutilityCommand)) {
            c = c.getParent();
        }
        return (VisutilityCommand) c.getCommand();
    }

    Path data() {
        return top().data;
    }

    /** Whether {@code --data} was given on the command line (not just the default or VISUTILITY_DATA). */
    boolean dataGiven() {
        return top().dataOverridesServerVariable;
    }

    /** Whether the command acts through a server's API ({@code --server} or VISUTILITY_SERVER). */
    boolean remote() {
        VisutilityCommand top = top();
        return top.server != null && !top.server.isBlank() && !top.dataOverridesServerVariable;
    }

    /** The server named by {@code --server}, with the token from VISUTILITY_TOKEN. */
    RemoteApi api() {
        VisutilityCommand top = top();
        return RemoteApi.connect(top.server, top.environment.apply(VisutilityCommand.TOKEN_VARIABLE));
    }

    PrintWriter out() {
        return command.commandLine().getOut();
    }

    /** Where progress goes, so that stdout stays a result a script can read. */
    PrintWriter err() {
        return command.commandLine().getErr();
    }

    /** The existing data directory, or the server. */
    Backend backend() throws IOException {
        return remote() ? new RemoteBackend(api()) : new LocalBackend(open(), data());
    }

    /** The data directory, created if needed (commands that write), or the server. */
    Backend creating() throws IOException {
        return remote() ? new RemoteBackend(api()) : new LocalBackend(create(), data());
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
