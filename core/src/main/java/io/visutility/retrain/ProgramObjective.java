package io.visutility.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visutility.tuning.Trial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's program as an objective: each trial runs it (through {@link CommandRunner}) with the
 * trial's hyper-parameters as {@code --name=value} arguments and {@code VISU_PARAM_<NAME>}
 * environment variables, in a fresh output directory ({@code VISU_OUTPUT_DIR}); its value is
 * {@code "objective"} in the {@code metrics.json} it writes there, else the last number it printed on
 * stdout. A non-zero exit, a timeout or no value fails the trial with the reason.
 */
public final class ProgramObjective {
    private static final Pattern NUMBER = Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> command;
    private final Path workDir;
    private final Duration timeout;
    private final long logLimit;
    private final CommandRunner runner;

    /** What one trial's run gave: a value, or why there is none; and where its log and outputs are. */
    public record Outcome(double value, String failure, Path outputDir, Path log, Duration elapsed) {
        public boolean succeeded() {
            return failure == null;
        }
    }

    public ProgramObjective(List<String> command, Path workDir, Duration timeout, long logLimit, CommandRunner runner) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("expected the program to run after '--' but got nothing");
        }
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.timeout = timeout;
        this.logLimit = logLimit;
        this.runner = runner;
    }

    /** Runs the program for {@code trial}. */
    public Outcome evaluate(Trial trial) throws IOException, InterruptedException {
        Path out = workDir.resolve("trial-" + trial.number());
        Files.createDirectories(out);
        Path log = workDir.resolve("trial-" + trial.number() + ".log");
        ProgramCall call = ProgramCall.of(command, trial.params());
        Map<String, String> env = new LinkedHashMap<>(call.environment());
        env.put("VISU_OUTPUT_DIR", out.toAbsolutePath().toString());
        env.put("VISU_TRIAL", Integer.toString(trial.number()));
        CommandRunner.Result r = runner.run(call.argv(), env, workDir, log, logLimit, timeout);
        if (r.timedOut()) {
            return new Outcome(Double.NaN, "timed out after " + timeout.toSeconds() + " s (process tree killed)", out,
                    log, r.elapsed());
        }
        if (r.exitCode() != 0) {
            return new Outcome(Double.NaN, "exited with status " + r.exitCode() + " (see " + log + ")", out, log,
                    r.elapsed());
        }
        Path metrics = out.resolve("metrics.json");
        if (Files.exists(metrics)) {
            JsonNode node;
            try {
                node = JSON.readTree(metrics.toFile());
            } catch (IOException e) {
                return new Outcome(Double.NaN, "metrics.json is not valid JSON: " + e.getMessage(), out, log,
                        r.elapsed());
            }
            JsonNode objective = node == null ? null : node.get("objective");
            if (objective != null && objective.isNumber() && Double.isFinite(objective.asDouble())) {
                return new Outcome(objective.asDouble(), null, out, log, r.elapsed());
            }
        }
        Double last = lastNumber(r.stdoutTail());
        if (last == null || !Double.isFinite(last)) {
            return new Outcome(Double.NaN, "printed no number on stdout and wrote no 'objective' in metrics.json", out,
                    log, r.elapsed());
        }
        return new Outcome(last, null, out, log, r.elapsed());
    }

    /** The last number in {@code text}, or null. */
    static Double lastNumber(String text) {
        Matcher m = NUMBER.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        return last == null ? null : Double.valueOf(last);
    }
}
