package io.visutility.cli;

import io.visutility.registry.RetrainJob;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cancel", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Cancel a retrain job that is queued or waiting to retry (it will not run again). A job"
                + " that already ended is refused [conflict].",
                "Example: visutility cancel 0b6f3c1e-… --reason 'labels were wrong'"})
final class CancelCommand implements Callable<Integer>, VisutilityCommand.Remote {
    @Mixin
    Context ctx;

    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The job's id (see 'visutility jobs').")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT",
            description = "Why, recorded as the job's failure (default: cancelled on request).")
    String reason;

    @Override
    public Integer call() throws IOException {
        try (Backend b = ctx.backend()) {
            RetrainJob j = b.cancel(id, reason);
            ctx.out().println("retrain job " + j.id() + " of model '" + j.model() + "' is now " + j.state().jsonName()
                    + ": " + j.failure());
        }
        return 0;
    }
}
