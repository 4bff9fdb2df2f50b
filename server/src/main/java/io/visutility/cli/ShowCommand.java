package io.visutility.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.registry.RegistryException;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Mixin;

@Command(name = "show", description = "Show one version (JSON), by version or alias (e.g. production).")
final class ShowCommand implements Callable<Integer>, VisutilityCommand.Remote {
    @Mixin
    Context ctx;

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION|ALIAS")
    String version;

    @Override
    public Integer call() throws IOException {
        try (Backend b = ctx.backend()) {
            boolean looksLikeVersion = !version.isEmpty() && Character.isDigit(version.charAt(0));
            ObjectNode v = (looksLikeVersion ? b.version(model, version) : b.alias(model, version))
                    .orElseThrow(() -> new RegistryException(RegistryException.Code.NOT_FOUND, "model '" + model
                            + "' has no " + (looksLikeVersion ? "version " : "alias ") + version));
            ctx.out().println(Output.write(v));
        }
        return 0;
    }
}
