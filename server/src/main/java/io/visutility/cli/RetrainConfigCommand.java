package io.visutility.cli;

import io.visutility.Orchestrator;
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
final class RetrainConfigCommand implements Callable<Integer> {
    @Mixin
    Context ctx;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The registered model.")
    String model;

    @Override
    public Integer call() throws IOException {
        try (Orchestrator o = ctx.open()) {
            RegisteredModel.require(o.registry(), model);
            ctx.out().println(Output.write(o.registry().retrainConfig(model)
                    .orElseThrow(() -> RetrainCommand.noConfig(model))));
        }
        return 0;
    }
}
