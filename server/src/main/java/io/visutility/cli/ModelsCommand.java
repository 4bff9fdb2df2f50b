package io.visutility.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.visutility.registry.ModelSummary;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

@Command(name = "models", description = "List registered models.")
final class ModelsCommand implements Callable<Integer>, VisutilityCommand.Remote {
    @Mixin
    Context ctx;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Only models with a version carrying this tag.")
    String tag;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        try (Backend b = ctx.backend()) {
            List<ModelSummary> models = b.models();
            if (tag != null) {
                var kv = KeyValues.pair("--tag", tag);
                var names = java.util.Set.copyOf(b.modelsTagged(kv.getKey(), kv.getValue()));
                models = models.stream().filter(m -> names.contains(m.name())).toList();
            }
            if (json) {
                ArrayNode a = Output.JSON.createArrayNode();
                models.forEach(m -> a.add(Output.json(m)));
                ctx.out().println(Output.write(a));
                return 0;
            }
            if (models.isEmpty()) {
                ctx.out().println("no models registered in " + b.where());
            }
            for (ModelSummary m : models) {
                ctx.out().printf("%-32s %5d version%s  latest %-12s %s%n", m.name(), m.versions(),
                        m.versions() == 1 ? " " : "s", m.latestVersion().orElse("-"),
                        m.aliases().isEmpty() ? "" : m.aliases().toString());
            }
        }
        return 0;
    }
}
