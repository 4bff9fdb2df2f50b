package io.visutility.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.event.PromotionDecided;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "promotions", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"List a model's champion/challenger decisions, oldest first (promoted, kept, held,"
                + " approved, rejected, rolled_back), then the versions awaiting approval.",
                "Example: visutility promotions detector"})
final class PromotionsCommand implements Callable<Integer>, VisutilityCommand.Remote {
    @Mixin
    Context ctx;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model.")
    String model;

    @Option(names = "--json", description = "Print {\"decisions\":[…],\"pending\":[…]} as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        try (Backend b = ctx.backend()) {
            Backend.Decisions decisions = b.promotions(model);
            List<PromotionDecided> history = decisions.history();
            List<PromotionDecided> pending = decisions.pending();
            if (json) {
                ObjectNode out = Output.JSON.createObjectNode();
                out.set("decisions", RetrainOutput.decisions(history));
                out.set("pending", RetrainOutput.decisions(pending));
                ctx.out().println(Output.write(out));
                return 0;
            }
            if (history.isEmpty()) {
                ctx.out().println("no promotion decisions for model '" + model + "'");
            } else {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"DECIDED AT", "DECISION", "CANDIDATE", "CHAMPION", "METRIC", "CANDIDATE VALUE",
                    "CHAMPION VALUE", "REASON"});
                for (PromotionDecided d : history) {
                    rows.add(new String[] {RetrainOutput.seconds(d.decidedAt()), d.decision(), d.candidate(),
                        RetrainOutput.dash(d.champion()), RetrainOutput.dash(d.metric()),
                        RetrainOutput.dash(d.candidateValue()), RetrainOutput.dash(d.championValue()), d.reason()});
                }
                Table.print(rows, ctx.out());
            }
            ctx.out().println();
            if (pending.isEmpty()) {
                ctx.out().println("no versions awaiting approval");
            } else {
                ctx.out().println("awaiting approval:");
                for (PromotionDecided p : pending) {
                    ctx.out().println("  " + p.candidate() + " for '" + p.alias() + "' (held at "
                            + RetrainOutput.seconds(p.decidedAt()) + "): '" + RetrainWatch.approval("approve", p)
                            + "' or '" + RetrainWatch.approval("reject", p) + "'");
                }
            }
        }
        return 0;
    }

    /** Where a decision's alias points now, against where it pointed when the decision was made. */
    static String pointsAt(Backend b, PromotionDecided d) {
        String now = b.alias(d.model(), d.alias()).map(v -> v.get("version").asText()).orElse(null);
        if (Objects.equals(now, d.champion())) {
            return "'" + d.alias() + "' " + (now == null ? "is not set" : "stays at " + now);
        }
        return "'" + d.alias() + "' now points at " + RetrainOutput.dash(now)
                + (d.champion() == null ? "" : " (was " + d.champion() + ")");
    }
}
