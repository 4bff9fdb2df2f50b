package io.visutility.cli;

import io.visutility.event.PromotionDecided;
import io.visutility.registry.Registry;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code approve} and {@code reject} share: the held version they decide on, and the line they print. */
abstract class HeldVersionDecision implements Callable<Integer>, VisutilityCommand.Remote {
    @Mixin
    Context ctx;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model.")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The held version (see 'visutility promotions').")
    String version;

    @Option(names = "--alias", paramLabel = "NAME", defaultValue = Registry.PRODUCTION,
            description = "The alias it was held for (default: ${DEFAULT-VALUE}).")
    String alias;

    /** Records the decision (with the command's own --note, whose default text differs). */
    abstract PromotionDecided decide(Backend b);

    @Override
    public Integer call() throws IOException {
        try (Backend b = ctx.backend()) {
            PromotionDecided d = decide(b);
            ctx.out().println(d.decision() + " " + model + " " + d.candidate() + ": " + PromotionsCommand.pointsAt(b, d));
        }
        return 0;
    }
}
