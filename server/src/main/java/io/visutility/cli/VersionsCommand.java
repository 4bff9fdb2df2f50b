package io.visutility.cli;

import io.visutility.Orchestrator;
import io.visutility.registry.ModelVersion;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "versions", description = "List a model's versions in semantic-version order.")
final class VersionsCommand implements Callable<Integer> {
    @ParentCommand
    VisutilityCommand top;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Only versions carrying this tag.")
    String tag;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        try (Orchestrator o = Session.open(top.data)) {
            List<ModelVersion> versions = o.registry().versions(model);
            if (tag != null) {
                var kv = KeyValues.strings("--tag", List.of(tag)).entrySet().iterator().next();
                versions = versions.stream().filter(v -> kv.getValue().equals(v.tags().get(kv.getKey()))).toList();
            }
            if (json) {
                spec.commandLine().getOut().println(Output.write(Output.json(versions)));
            } else {
                versions.forEach(v -> spec.commandLine().getOut().println(Output.line(v)));
            }
        }
        return 0;
    }
}
