package io.visutility.cli;

import io.visutility.event.PromotionDecided;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reject", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Refuse a retrained version that was held for approval; the alias stays where it is. A"
                + " version that is not awaiting approval is refused [conflict].",
                "Example: visutility reject detector 1.0.1 --note 'worse on rainy days'"})
final class RejectCommand extends HeldVersionDecision {
    @Option(names = "--note", paramLabel = "TEXT",
            description = "Why, recorded as the decision's reason (default: rejected by an operator).")
    String note;

    @Override
    PromotionDecided decide(Backend b) {
        return b.reject(model, version, alias, note);
    }
}
