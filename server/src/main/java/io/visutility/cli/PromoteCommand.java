package io.visutility.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.registry.Registry;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Mixin;

@Command(name = "promote", description = "Point an alias (default: production) at a version.")
final class PromoteCommand implements Callable<Integer>, VisutilityCommand.Remote {
    @Mixin
    Context ctx;

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
        try (Backend b = ctx.backend()) {
            ObjectNode v = b.promote(model, version, alias);
            ctx.out().println(json ? Output.write(v) : model + " " + v.get("version").asText() + " is now '" + alias + "'");
        }
        return 0;
    }
}
