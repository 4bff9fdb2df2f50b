package io.visutility.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Mixin;

@Command(name = "versions", description = "List a model's versions in semantic-version order.")
final class VersionsCommand implements Callable<Integer>, VisutilityCommand.Remote {
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
        try (Backend b = ctx.backend()) {
            List<ObjectNode> versions = b.versions(model);
            if (tag != null) {
                var kv = KeyValues.pair("--tag", tag);
                versions = versions.stream().filter(v -> kv.getValue().equals(v.path("tags").path(kv.getKey())
                        .textValue())).toList();
            }
            if (json) {
                ArrayNode a = Output.JSON.createArrayNode();
                a.addAll(versions);
                ctx.out().println(Output.write(a));
            } else {
                versions.forEach(v -> ctx.out().println(Output.line(v)));
            }
        }
        return 0;
    }
}
