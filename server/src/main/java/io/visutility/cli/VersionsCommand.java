package io.visutility.cli;

import io.visutility.Orchestrator;
import io.visutility.registry.ModelVersion;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Mixin;

@Command(name = "versions", description = "List a model's versions in semantic-version order.")
final class VersionsCommand implements Callable<Integer> {
    @Mixin
    Context ctx;

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Only versions carrying this tag.")
    String tag;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        try (Orchestrator o = ctx.open()) {
            List<ModelVersion> versions = o.registry().versions(model);
            if (tag != null) {
                var kv = KeyValues.pair("--tag", tag);
                versions = versions.stream().filter(v -> kv.getValue().equals(v.tags().get(kv.getKey()))).toList();
            }
            if (json) {
                ctx.out().println(Output.write(Output.json(versions)));
            } else {
                versions.forEach(v -> ctx.out().println(Output.line(v)));
            }
        }
        return 0;
    }
}
