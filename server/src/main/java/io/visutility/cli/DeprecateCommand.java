package io.visutility.cli;

import io.visutility.Orchestrator;
import io.visutility.registry.ModelVersion;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Mixin;

@Command(name = "deprecate", description = "Deprecate a version; it loses its aliases.")
final class DeprecateCommand implements Callable<Integer> {
    @Mixin
    Context ctx;

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION")
    String version;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (shown in listings and events).")
    String reason;

    @Option(names = "--json", description = "Print the version as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        try (Orchestrator o = ctx.open()) {
            ModelVersion v = o.registry().deprecate(model, version, reason);
            ctx.out().println(json ? Output.write(Output.json(v)) : model + " " + v.version() + " is deprecated");
        }
        return 0;
    }
}
