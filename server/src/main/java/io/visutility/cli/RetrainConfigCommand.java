package io.visutility.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code visutility retrain config}: the journaled retrain configuration, every default filled in. */
@Command(name = "config", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Print a model's retrain configuration as JSON, defaults included (a document"
                + " 'retrain configure' accepts).",
                "Example: visutility retrain config detector"})
final class RetrainConfigCommand implements Callable<Integer>, VisutilityCommand.Remote {
    @Mixin
    Context ctx;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The registered model.")
    String model;

    @Override
    public Integer call() throws IOException {
        try (Backend b = ctx.backend()) {
            b.requireModel(model);
            ctx.out().println(Output.write(b.retrainConfig(model)
                    .orElseThrow(() -> RetrainCommand.noConfig(model))));
        }
        return 0;
    }
}
