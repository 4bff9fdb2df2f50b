package io.visutility.cli;

import io.visutility.journal.DataDirectoryLock;
import io.visutility.journal.JournalCorruptedException;
import io.visutility.registry.RegistryException;
import io.visutility.store.StoreFailedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code visutility} command and its global options. Every failure is one line on stderr and a
 * non-zero exit: 2 for a malformed command line, 1 for a refused request or an error.
 */
@Command(name = "visutility", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "VisuTility Orchestrator: a model registry, monitor and retrainer for computer-vision models.",
        subcommands = {
                RegisterCommand.class,
                ModelsCommand.class,
                VersionsCommand.class,
                ShowCommand.class,
                LatestCommand.class,
                PromoteCommand.class,
                DeprecateCommand.class,
                JournalCommand.class,
                TuneCommand.class,
                DriftCommand.class,
                MonitorCommand.class,
                RetrainCommand.class,
                DemoCommand.class,
                JobsCommand.class,
                JobCommand.class,
                CancelCommand.class,
                ApproveCommand.class,
                RejectCommand.class,
                RollbackCommand.class,
                PromotionsCommand.class,
                ServeCommand.class,
                TokenCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class VisutilityCommand implements Runnable {
    /** Exit code of a refused request or a failure. */
    static final int FAILED = 1;
    /** The default of {@code --server}. */
    static final String SERVER_VARIABLE = "VISUTILITY_SERVER";
    /** The API token sent to the server; never printed. */
    static final String TOKEN_VARIABLE = "VISUTILITY_TOKEN";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", scope = CommandLine.ScopeType.INHERIT, paramLabel = "DIR",
            defaultValue = "${env:VISUTILITY_DATA:-visutility-data}",
            description = "Data directory (default: $VISUTILITY_DATA or ./visutility-data).")
    Path data;

    @Option(names = "--server", scope = CommandLine.ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:" + SERVER_VARIABLE + "}",
            description = "Act through this server's REST API instead of a data directory, e.g. http://127.0.0.1:8080"
                    + " (default: $VISUTILITY_SERVER; API token from $VISUTILITY_TOKEN). Registry, job and"
                    + " promotion commands only.")
    String server;

    /** {@code --data} given without {@code --server}: VISUTILITY_SERVER does not apply. */
    boolean dataOverridesServerVariable;

    /** The environment, for the API token (replaced in tests). */
    Function<String, String> environment = System::getenv;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a command (try 'visutility --help')");
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new VisutilityCommand());
        cl.setExecutionExceptionHandler(VisutilityCommand::onError);
        cl.setParameterExceptionHandler(VisutilityCommand::onBadArguments);
        cl.setExecutionStrategy(VisutilityCommand::execute);
        return cl;
    }

    /**
     * Runs the command, after refusing {@code --server} on one that only works on local files or a
     * local data directory ({@link Remote} marks those that take it). VISUTILITY_SERVER alone does not
     * make such a command fail: it is a default for the commands that take a server, not a request.
     */
    private static int execute(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult leaf = parsed;
        boolean serverGiven = parsed.hasMatchedOption("--server");
        boolean dataGiven = parsed.hasMatchedOption("--data");
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
            serverGiven |= leaf.hasMatchedOption("--server");
            dataGiven |= leaf.hasMatchedOption("--data");
        }
        ((VisutilityCommand) parsed.commandSpec().userObject()).dataOverridesServerVariable = dataGiven && !serverGiven;
        if (helpRequested(parsed)) {
            return new CommandLine.RunLast().execute(parsed);
        }
        Object command = leaf.commandSpec().userObject();
        if (serverGiven && !(command instanceof Remote) && !(command instanceof CommandLine.HelpCommand)) {
            throw new CommandLine.ParameterException(leaf.commandSpec().commandLine(), "'"
                    + leaf.commandSpec().qualifiedName(" ").replaceFirst("^visutility ", "")
                    + "' works on local files only and does not take --server");
        }
        if (serverGiven && dataGiven) {
            throw new CommandLine.ParameterException(leaf.commandSpec().commandLine(),
                    "expected either --server or --data, not both");
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    private static boolean helpRequested(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
                return true;
            }
        }
        return false;
    }

    /** A command that can act through a server's REST API ({@code --server}) as well as on a data directory. */
    interface Remote {}

    private static int onBadArguments(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("visutility: " + e.getMessage());
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    /** The one place where errors become messages. */
    private static int onError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        String message = switch (e) {
            case RegistryException re -> re.getMessage() + " [" + re.code().id() + "]";
            case JournalCorruptedException jc -> jc.getMessage()
                    + "; run 'visutility journal verify' for details and 'visutility journal repair' to truncate there";
            case DataDirectoryLock.DataDirectoryLockedException locked -> locked.getMessage();
            case StoreFailedException sf -> sf.getMessage();
            case UserError ue -> ue.getMessage();
            case UncheckedIOException io -> io.getMessage() + ": " + io.getCause().getMessage();
            case IOException io -> "I/O error: " + io;
            default -> "unexpected error: " + e;
        };
        err.println("visutility: " + message.replace('\n', ' '));
        err.flush();
        return FAILED;
    }

    /** A request the CLI itself refuses (bad file, unconfirmed repair). */
    static final class UserError extends RuntimeException {
        UserError(String message) {
            super(message);
        }
    }
}
