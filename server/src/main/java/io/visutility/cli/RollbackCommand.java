package io.visutility.cli;

import io.visutility.event.PromotionDecided;
import io.visutility.registry.Registry;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rollback", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Move an alias back to the version its current holder replaced when it was promoted or"
                + " approved; a second rollback walks further back. Refused [conflict] when no earlier holder"
                + " is recorded.",
                "Example: visutility rollback detector --reason 'false positives at night'"})
final class RollbackCommand implements Callable<Integer>, VisutilityCommand.Remote {
    @Mixin
    Context ctx;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model.")
    String model;

    @Option(names = "--alias", paramLabel = "NAME", defaultValue = Registry.PRODUCTION,
            description = "The alias to move back (default: ${DEFAULT-VALUE}).")
    String alias;

    @Option(names = "--reason", paramLabel = "TEXT",
            description = "Why, recorded as the decision's reason (default: rolled back by an operator).")
    String reason;

    @Override
    public Integer call() throws IOException {
        try (Backend b = ctx.backend()) {
            PromotionDecided d = b.rollback(model, alias, reason);
            ctx.out().println("rolled back " + model + ": " + PromotionsCommand.pointsAt(b, d));
        }
        return 0;
    }
}
