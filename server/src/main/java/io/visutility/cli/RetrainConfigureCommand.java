package io.visutility.cli;

import io.visutility.retrain.PromotionPolicy;
import io.visutility.retrain.RetrainConfig;
import io.visutility.retrain.RetrainConfigJson;
import io.visutility.tuning.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code visutility retrain configure}: checks a retrain configuration document and journals it as
 * the model's own. A document that does not parse is refused before the data directory is opened.
 */
@Command(name = "configure", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Give a registered model its retrain configuration (JSON): the training program, the"
                + " search space and sampler, the study, the retrain policy and the promotion policy. It is"
                + " journaled and replaces any earlier one. Unknown fields are refused. Without"
                + " trainer.working_dir, the program runs in the current directory, so relative paths in the"
                + " command work as typed.",
                "Example: visutility retrain configure detector --config retrain.json"})
final class RetrainConfigureCommand implements Callable<Integer>, VisutilityCommand.Remote {
    @Mixin
    Context ctx;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The registered model.")
    String model;

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The configuration document, e.g. {\"trainer\":{\"command\":[\"python3\",\"train.py\"]},"
                    + "\"promotion\":{\"metric\":\"accuracy\",\"mode\":\"manual\"}} (see docs/cli.md).")
    Path config;

    @Override
    public Integer call() throws IOException {
        RetrainConfig parsed = read();
        RetrainConfig recorded;
        try (Backend b = ctx.backend()) {
            recorded = b.setRetrainConfig(model, parsed);
        }
        ctx.out().println("retrain config of model '" + model + "' recorded: " + summary(model, recorded));
        return 0;
    }

    private RetrainConfig read() {
        String text;
        try {
            text = Files.readString(InputFiles.readable("--config", config));
        } catch (IOException e) {
            throw new VisutilityCommand.UserError("cannot read retrain config " + config + ": " + e);
        }
        try {
            com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
            // relative paths in the command mean what they meant where the user typed this command;
            // a server runs the program on its own machine, where this directory means nothing
            if (!ctx.remote() && doc != null && doc.get("trainer") instanceof com.fasterxml.jackson.databind.node.ObjectNode t
                    && !t.has("working_dir")) {
                t.put("working_dir", Path.of("").toAbsolutePath().toString());
            }
            return RetrainConfigJson.parse(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new VisutilityCommand.UserError("invalid retrain config " + config + ": retrain config is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new VisutilityCommand.UserError("invalid retrain config " + config + ": " + e.getMessage());
        }
    }

    /** One line: the program, how its parameters are chosen, the study, and how its versions are promoted. */
    static String summary(String model, RetrainConfig c) {
        com.fasterxml.jackson.databind.JsonNode trainer = RetrainConfigJson.toJson(c).get("trainer");
        String argv = trainer.get("command").toString()
                + (trainer.has("working_dir") ? " in " + trainer.get("working_dir").asText() : "");
        String search = c.space() == null ? "no search space (the program runs without parameters)"
                : "sampler " + c.sampler().describe(model) + " over " + c.space().parameters().stream()
                        .map(Parameter::name).collect(Collectors.joining(", "));
        PromotionPolicy p = c.promotion();
        return "trainer " + argv + "; " + search + "; study '" + c.study() + "'; promotion by " + p.metric() + " ("
                + p.direction().id() + ", min improvement " + p.minImprovement() + ", "
                + p.mode().name().toLowerCase(Locale.ROOT) + ") into '" + p.alias() + "'";
    }
}
