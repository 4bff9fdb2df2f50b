package io.visutility.cli;

import io.visutility.event.PromotionDecided;
import io.visutility.registry.Registry;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "approve", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Promote a retrained version that was held for approval (manual promotion mode): the"
                + " alias moves to it. A version that is not awaiting approval is refused [conflict].",
                "Example: visutility approve detector 1.0.1 --note 'checked on the night images'"})
final class ApproveCommand implements Callable<Integer>, VisutilityCommand.Remote {
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
            description = "Why, recorded as the decision's reason (default: approved by an operator).")
    String note;

    @Override
    public Integer call() throws IOException {
        try (Backend b = ctx.backend()) {
            PromotionDecided d = b.approve(model, version, alias, note);
            ctx.out().println(d.decision() + " " + model + " " + d.candidate() + ": " + PromotionsCommand.pointsAt(b, d));
        }
        return 0;
    }
}
