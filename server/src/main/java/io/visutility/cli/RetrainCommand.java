package io.visutility.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code visutility retrain …}: a model's retrain configuration, and retraining it now. */
@Command(name = "retrain", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Configure how a model is retrained, show that configuration, or retrain it now.",
        subcommands = {RetrainConfigureCommand.class, RetrainConfigCommand.class, RetrainRunCommand.class})
final class RetrainCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "expected a retrain command: configure, config or run");
    }

    /** The refusal for a model that has no configuration, with how to give it one. */
    static VisutilityCommand.UserError noConfig(String model) {
        return new VisutilityCommand.UserError("model '" + model + "' has no retrain config; set one with"
                + " 'visutility retrain configure " + model + " --config FILE'");
    }
}
