package io.visutility.cli;

import io.visutility.registry.RetrainJob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "jobs", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"List retrain jobs, oldest first: every model's, or one model's.",
                "Example: visutility jobs detector"})
final class JobsCommand implements Callable<Integer>, VisutilityCommand.Remote {
    /** Longest failure shown in the NOTE column ('visutility job ID' shows all of it). */
    private static final int NOTE_WIDTH = 60;

    @Mixin
    Context ctx;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "Only this model's jobs.")
    String model;

    @Option(names = "--json", description = "Print a JSON array of jobs (the fields of 'visutility job --json').")
    boolean json;

    @Override
    public Integer call() throws IOException {
        try (Backend b = ctx.backend()) {
            if (model != null) {
                b.requireModel(model);
            }
            List<RetrainJob> jobs = b.jobs(model);
            if (json) {
                ctx.out().println(Output.write(RetrainOutput.jobs(jobs)));
            } else if (jobs.isEmpty()) {
                ctx.out().println(model == null ? "no retrain jobs" : "no retrain jobs for model '" + model + "'");
            } else {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"ID", "MODEL", "STATE", "ATTEMPTS", "TRIGGER", "QUEUED AT", "VERSION", "NOTE"});
                for (RetrainJob j : jobs) {
                    rows.add(new String[] {j.id(), j.model(), j.state().jsonName(), Integer.toString(j.attempts()),
                        j.trigger(), RetrainOutput.seconds(j.queuedAt()), RetrainOutput.dash(j.newVersion()),
                        RetrainOutput.note(j, NOTE_WIDTH)});
                }
                Table.print(rows, ctx.out());
            }
        }
        return 0;
    }
}
