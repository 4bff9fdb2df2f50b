package io.visutility.cli;

import io.visutility.event.PromotionDecided;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "approve", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Promote a retrained version that was held for approval (manual promotion mode): the"
                + " alias moves to it. A version that is not awaiting approval is refused [conflict].",
                "Example: visutility approve detector 1.0.1 --note 'checked on the night images'"})
final class ApproveCommand extends HeldVersionDecision {
    @Option(names = "--note", paramLabel = "TEXT",
            description = "Why, recorded as the decision's reason (default: approved by an operator).")
    String note;

    @Override
    PromotionDecided decide(Backend b) {
        return b.approve(model, version, alias, note);
    }
}
