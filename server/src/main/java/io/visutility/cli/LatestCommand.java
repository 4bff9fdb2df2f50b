package io.visutility.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.registry.RegistryException;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Mixin;

@Command(name = "latest", description = "The highest version of a model, skipping deprecated ones unless asked.")
final class LatestCommand implements Callable<Integer>, VisutilityCommand.Remote {
    @Mixin
    Context ctx;

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Option(names = "--include-deprecated", description = "Consider deprecated versions too.")
    boolean includeDeprecated;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        try (Backend b = ctx.backend()) {
            ObjectNode v = b.latest(model, includeDeprecated).orElseThrow(() -> {
                b.requireModel(model); // refuses with a not_found naming an unknown model
                return new RegistryException(RegistryException.Code.NOT_FOUND, "model '" + model + "' has no "
                        + (includeDeprecated ? "" : "non-deprecated ") + "version");
            });
            ctx.out().println(json ? Output.write(v) : Output.line(v));
        }
        return 0;
    }
}
