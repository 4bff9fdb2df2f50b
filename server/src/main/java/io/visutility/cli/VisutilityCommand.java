package io.visutility.cli;

import io.visutility.journal.DataDirectoryLock;
import io.visutility.journal.JournalCorruptedException;
import io.visutility.registry.RegistryException;
import io.visutility.store.StoreFailedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code visutility} command and its global options. Every failure is one line on stderr and a
 * non-zero exit: 2 for a malformed command line, 1 for a refused request or an error.
 */
@Command(name = "visutility", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "VisuTility Orchestrator: a model registry, monitor and retrainer for computer-vision models.",
        subcommands = {RegisterCommand.class, ModelsCommand.class, VersionsCommand.class, ShowCommand.class,
                LatestCommand.class, PromoteCommand.class, DeprecateCommand.class, JournalCommand.class, TuneCommand.class,
                DriftCommand.class, MonitorCommand.class, RetrainCommand.class, JobsCommand.class, JobCommand.class,
                CancelCommand.class, ApproveCommand.class, RejectCommand.class, RollbackCommand.class,
                PromotionsCommand.class, ServeCommand.class, TokenCommand.class,
                CommandLine.HelpCommand.class})
public final class VisutilityCommand implements Runnable {
    /** Exit code of a refused request or a failure. */
    static final int FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", scope = CommandLine.ScopeType.INHERIT, paramLabel = "DIR",
            defaultValue = "${env:VISUTILITY_DATA:-visutility-data}",
            description = "Data directory (default: $VISUTILITY_DATA or ./visutility-data).")
    Path data;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a command (try 'visutility --help')");
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new VisutilityCommand());
        cl.setExecutionExceptionHandler(VisutilityCommand::onError);
        cl.setParameterExceptionHandler(VisutilityCommand::onBadArguments);
        return cl;
    }

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
