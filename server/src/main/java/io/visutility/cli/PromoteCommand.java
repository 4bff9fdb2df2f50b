package io.visutility.cli;

import io.visutility.Orchestrator;
import io.visutility.registry.ModelVersion;
import io.visutility.registry.Registry;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "promote", description = "Point an alias (default: production) at a version.")
final class PromoteCommand implements Callable<Integer> {
    @ParentCommand
    VisutilityCommand top;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION")
    String version;

    @Option(names = "--alias", paramLabel = "NAME", defaultValue = Registry.PRODUCTION,
            description = "Alias to move (default: ${DEFAULT-VALUE}).")
    String alias;

    @Option(names = "--json", description = "Print the version as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        try (Orchestrator o = Session.open(top.data)) {
            ModelVersion v = o.registry().promote(model, version, alias);
            spec.commandLine().getOut().println(json ? Output.write(Output.json(v)) : model + " " + v.version() + " is now '" + alias + "'");
        }
        return 0;
    }
}
