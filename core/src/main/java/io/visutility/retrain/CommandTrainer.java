package io.visutility.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Trains by running the user's program (see {@link Trainer#command}). The attempt fails, with the
 * reason recorded, when the program cannot start, exits non-zero, runs past the timeout (its process
 * tree is killed), or leaves no usable outputs: {@code metrics.json} must be a JSON object whose
 * numeric fields are the metrics (finite); the artifact is the file that {@code metrics.json}'s
 * {@code "artifact"} field names (relative to the output directory), else the one file the program
 * wrote besides {@code metrics.json}. Symbolic links are refused, so an artifact cannot point outside.
 */
final class CommandTrainer implements Trainer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> command;
    private final Optional<Path> workingDir;
    private final CommandRunner runner;

    CommandTrainer(List<String> command, CommandRunner runner) {
        this(command, null, runner);
    }

    /** @param workingDir where the program runs (absolute), or null for the attempt's output directory */
    CommandTrainer(List<String> command, Path workingDir, CommandRunner runner) {
        if (command == null || command.isEmpty() || command.getFirst().isBlank()) {
            throw new IllegalArgumentException("expected a training program (an argument list) but got " + command);
        }
        if (workingDir != null && !workingDir.isAbsolute()) {
            throw new IllegalArgumentException("expected an absolute working directory but got '" + workingDir + "'");
        }
        this.command = List.copyOf(command);
        this.workingDir = Optional.ofNullable(workingDir);
        this.runner = runner;
    }

    Optional<Path> workingDir() {
        return workingDir;
    }

    List<String> command() {
        return command;
    }

    @Override
    public TrainingResult train(TrainingContext context) throws TrainingFailedException, InterruptedException {
        ProgramCall call = ProgramCall.of(command, context.params());
        Map<String, String> env = new LinkedHashMap<>(call.environment());
        Path out = context.outputDir().toAbsolutePath();
        env.put("VISU_OUTPUT_DIR", out.toString());
        env.put("VISU_MODEL", context.model());
        env.put("VISU_JOB_ID", context.jobId());
        env.put("VISU_ATTEMPT", Integer.toString(context.attempt()));
        context.parentVersion().ifPresent(v -> env.put("VISU_PARENT_VERSION", v));
        context.parentArtifact().ifPresent(p -> env.put("VISU_PARENT_ARTIFACT", p.toAbsolutePath().toString()));
        context.detection().ifPresent(d -> env.put("VISU_DETECTION", d));
        context.detectedAt().ifPresent(t -> env.put("VISU_DETECTED_AT", t.toString()));
        CommandRunner.Result r;
        try {
            Path dir = workingDir.orElse(out);
            if (!Files.isDirectory(dir)) {
                throw new TrainingFailedException("the training program's working directory " + dir + " does not exist");
            }
            r = runner.run(call.argv(), env, dir, context.log(), context.logLimit(), context.timeout(),
                    process -> TrainerProcess.record(context.log().resolveSibling(TrainerProcess.FILE), process));
        } catch (IOException e) {
            throw new TrainingFailedException(e.getMessage(), e);
        }
        if (r.timedOut()) {
            throw new TrainingFailedException("timed out after " + context.timeout().toSeconds()
                    + " s (process tree killed)");
        }
        if (r.exitCode() != 0) {
            throw new TrainingFailedException("training program exited with status " + r.exitCode() + " (see the log "
                    + context.log().getFileName() + ")");
        }
        return outputs(out);
    }

    static TrainingResult outputs(Path out) throws TrainingFailedException {
        Path metricsFile = out.resolve("metrics.json");
        if (!Files.isRegularFile(metricsFile)) {
            throw new TrainingFailedException("the training program wrote no metrics.json in VISU_OUTPUT_DIR");
        }
        JsonNode node;
        try {
            node = JSON.readTree(metricsFile.toFile());
        } catch (IOException e) {
            throw new TrainingFailedException("metrics.json is not valid JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new TrainingFailedException("expected metrics.json to hold a JSON object of metrics but got "
                    + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            JsonNode v = f.getValue();
            if (v.isNumber()) {
                if (!Double.isFinite(v.doubleValue())) {
                    throw new TrainingFailedException("metric '" + f.getKey() + "' in metrics.json is not finite");
                }
                metrics.put(f.getKey(), v.doubleValue());
            }
        }
        Path artifact = artifact(out, node.get("artifact"));
        return new TrainingResult(artifact, metrics);
    }

    private static Path artifact(Path out, JsonNode named) throws TrainingFailedException {
        if (named != null) {
            if (!named.isTextual() || named.asText().isBlank()) {
                throw new TrainingFailedException("expected \"artifact\" in metrics.json to name a file but got " + named);
            }
            Path file = out.resolve(named.asText()).normalize();
            if (!file.startsWith(out)) {
                throw new TrainingFailedException("the artifact '" + named.asText()
                        + "' named in metrics.json lies outside VISU_OUTPUT_DIR");
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new TrainingFailedException("the artifact '" + named.asText()
                        + "' named in metrics.json is not a regular file (symbolic links are refused) in VISU_OUTPUT_DIR");
            }
            return file;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(out)) {
            s.filter(p -> !p.getFileName().toString().equals("metrics.json")).forEach(files::add);
        } catch (IOException e) {
            throw new TrainingFailedException("cannot list VISU_OUTPUT_DIR: " + e.getMessage());
        }
        if (files.size() != 1 || !Files.isRegularFile(files.getFirst(), LinkOption.NOFOLLOW_LINKS)) {
            throw new TrainingFailedException("expected the training program to write one artifact file besides "
                    + "metrics.json in VISU_OUTPUT_DIR (or name it in metrics.json's \"artifact\") but found "
                    + files.stream().map(p -> p.getFileName().toString()).sorted().toList());
        }
        return files.getFirst();
    }
}
