package io.visutility.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Mixin;

@Command(name = "deprecate", description = "Deprecate a version; it loses its aliases.")
final class DeprecateCommand implements Callable<Integer>, VisutilityCommand.Remote {
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
        try (Backend b = ctx.backend()) {
            ObjectNode v = b.deprecate(model, version, reason);
            ctx.out().println(json ? Output.write(v) : model + " " + v.get("version").asText() + " is deprecated");
        }
        return 0;
    }
}
