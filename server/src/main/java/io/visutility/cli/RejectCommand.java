package io.visutility.cli;

import io.visutility.event.PromotionDecided;
import io.visutility.registry.Registry;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reject", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Refuse a retrained version that was held for approval; the alias stays where it is. A"
                + " version that is not awaiting approval is refused [conflict].",
                "Example: visutility reject detector 1.0.1 --note 'worse on rainy days'"})
final class RejectCommand implements Callable<Integer>, VisutilityCommand.Remote {
    @Mixin
    Context ctx;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model.")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The held version (see 'visutility promotions').")
    String version;

    @Option(names = "--alias", paramLabel = "NAME", defaultValue = Registry.PRODUCTION,
            description = "The alias it was held for (default: ${DEFAULT-VALUE}).")
    String alias;

    @Option(names = "--note", paramLabel = "TEXT",
            description = "Why, recorded as the decision's reason (default: rejected by an operator).")
    String note;

    @Override
    public Integer call() throws IOException {
        try (Backend b = ctx.backend()) {
            PromotionDecided d = b.reject(model, version, alias, note);
            ctx.out().println(d.decision() + " " + model + " " + d.candidate() + ": " + PromotionsCommand.pointsAt(b, d));
        }
        return 0;
    }
}
