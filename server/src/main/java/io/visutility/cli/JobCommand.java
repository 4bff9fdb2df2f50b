package io.visutility.cli;

import io.visutility.registry.RegistryException;
import io.visutility.registry.RetrainJob;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "job", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Show one retrain job in full: reasons, detections, parameters, log, metrics, failure.",
                "Example: visutility job 0b6f3c1e-…"})
final class JobCommand implements Callable<Integer>, VisutilityCommand.Remote {
    @Mixin
    Context ctx;

    @Parameters(index = "0", paramLabel = "ID", description = "The job's id (see 'visutility jobs').")
    String id;

    @Option(names = "--json", description = "Print the job as JSON (every field; null where absent; 'log' relative"
            + " to the data directory).")
    boolean json;

    @Option(names = "--log", description = "Print the training program's log of the job's last attempt (or of"
            + " --attempt N) instead of the job.")
    boolean log;

    @Option(names = "--attempt", paramLabel = "N", description = "With --log: this attempt's log (from 1).")
    Integer attempt;

    @Override
    public Integer call() throws IOException {
        if (attempt != null && (!log || attempt < 1)) {
            throw new VisutilityCommand.UserError(log ? "expected --attempt to be a whole number from 1 but got "
                    + attempt : "expected --attempt only together with --log");
        }
        try (Backend b = ctx.backend()) {
            if (log) {
                printLog(b);
                return 0;
            }
            RetrainJob j = b.job(id).orElseThrow(() -> new RegistryException(
                    RegistryException.Code.NOT_FOUND, "no retrain job with id " + id));
            if (json) {
                ctx.out().println(Output.write(RetrainOutput.json(j)));
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(row("job", j.id()));
            rows.add(row("model", j.model()));
            rows.add(row("state", j.state().jsonName()));
            rows.add(row("trigger", j.trigger()));
            rows.add(row("parent version", RetrainOutput.dash(j.parentVersion())));
            list(rows, "reasons", j.reasons());
            list(rows, "detections", j.detections());
            rows.add(row("evidence", RetrainOutput.compact(j.evidence())));
            rows.add(row("attempts", Integer.toString(j.attempts())));
            rows.add(row("trial", RetrainOutput.dash(j.trial())));
            rows.add(row("params", RetrainOutput.compact(j.params())));
            rows.add(row("log", j.log() == null ? "-" : b.logLocation(j.log())));
            rows.add(row("queued at", RetrainOutput.dash(j.queuedAt())));
            rows.add(row("started at", RetrainOutput.dash(j.startedAt())));
            rows.add(row("finished at", RetrainOutput.dash(j.finishedAt())));
            rows.add(row("retry at", RetrainOutput.dash(j.retryAt())));
            rows.add(row("failure", RetrainOutput.dash(j.failure())));
            rows.add(row("new version", RetrainOutput.dash(j.newVersion())));
            rows.add(row("metrics", RetrainOutput.compact(j.metrics())));
            Table.print(rows, ctx.out());
        }
        return 0;
    }

    /** The log as the program wrote it (UTF-8 text), streamed. */
    private void printLog(Backend b) throws IOException {
        try (Reader in = new InputStreamReader(b.log(id, attempt == null ? 0 : attempt), StandardCharsets.UTF_8)) {
            in.transferTo(ctx.out());
        }
        ctx.out().flush();
    }

    private static String[] row(String name, String value) {
        return new String[] {name, value};
    }

    /** One line per entry, the name on the first. */
    private static void list(List<String[]> rows, String name, List<String> values) {
        if (values.isEmpty()) {
            rows.add(row(name, "-"));
        }
        for (int i = 0; i < values.size(); i++) {
            rows.add(row(i == 0 ? name : "", values.get(i)));
        }
    }
}
