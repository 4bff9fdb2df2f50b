package io.visutility.cli;

import io.visutility.monitor.MonitorPolicy;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Offline monitoring tools: replay recorded telemetry through a policy, print the default policy. */
@Command(name = "monitor", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Tune monitor policies offline (does not use the data directory).",
        subcommands = {MonitorReplayCommand.class, MonitorCommand.PolicyDefault.class})
final class MonitorCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "expected a monitor command: replay or policy-default");
    }

    @Command(name = "policy-default", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
            description = "Print the policy every model gets unless it has its own, as JSON (a starting point).")
    static final class PolicyDefault implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(MonitorPolicy.defaults().toJson());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
