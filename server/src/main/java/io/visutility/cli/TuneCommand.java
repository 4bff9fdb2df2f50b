package io.visutility.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.retrain.CommandRunner;
import io.visutility.retrain.ProgramObjective;
import io.visutility.tuning.Direction;
import io.visutility.tuning.Sampler;
import io.visutility.tuning.SearchSpace;
import io.visutility.tuning.Study;
import io.visutility.tuning.Suggestion;
import io.visutility.tuning.Trial;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code visutility tune}: tunes the hyper-parameters of any program. Each trial runs the program
 * (an argument list, never a shell) with the trial's parameters; its objective is what it writes as
 * {@code objective} in {@code $VISU_OUTPUT_DIR/metrics.json}, else the last number it prints.
 */
@Command(name = "tune", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Tune a program's hyper-parameters: run it once per trial with parameters proposed by the"
                + " sampler, as --name=value arguments and VISU_PARAM_<NAME> variables, in a fresh output directory"
                + " (VISU_OUTPUT_DIR). Its objective is 'objective' in VISU_OUTPUT_DIR/metrics.json, else the"
                + " last number it prints on stdout. Failed trials are recorded, not retried.",
                "Example: visutility tune --space space.json --trials 30 -- python3 train.py --data ./images"})
final class TuneCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--space", required = true, paramLabel = "SPACE.json",
            description = "The search space, e.g. {\"lr\":{\"type\":\"float\",\"low\":1e-5,\"high\":1,\"log\":true}}.")
    Path space;

    @Option(names = "--sampler", defaultValue = "tpe", paramLabel = "NAME",
            description = "tpe (default), random, grid or decay (lr × 0.8 per trial from --decay-start, floor 1e-5).")
    String sampler;

    @Option(names = "--trials", defaultValue = "20", paramLabel = "N", description = "Trials to run (default 20).")
    int trials;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of the sampler (default 0).")
    long seed;

    @Option(names = "--parallel", defaultValue = "1", paramLabel = "K",
            description = "Trials run at once (default 1); TPE keeps them apart (constant liar).")
    int parallel;

    @Option(names = "--direction", defaultValue = "minimize", paramLabel = "DIR",
            description = "minimize (default) or maximize the objective.")
    String direction;

    @Option(names = "--timeout", defaultValue = "3600", paramLabel = "SECONDS",
            description = "Per trial; the program's process tree is killed after it (default 3600).")
    long timeoutSeconds;

    @Option(names = "--decay-start", defaultValue = "0.1", paramLabel = "LR",
            description = "First learning rate of the decay sampler (default 0.1).")
    double decayStart;

    @Option(names = "--workdir", paramLabel = "DIR",
            description = "Where trial outputs and logs go (default: a new directory under the system temp dir).")
    Path workdir;

    @Option(names = "--json", description = "Print {\"trials\":[…],\"best\":{…}} as JSON (progress goes to stderr).")
    boolean json;

    @Parameters(paramLabel = "PROGRAM", arity = "1..*", description = "The program and its arguments, after --.")
    List<String> program = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (trials < 1 || parallel < 1 || timeoutSeconds < 1) {
            throw new VisutilityCommand.UserError("expected --trials, --parallel and --timeout ≥ 1 but got "
                    + trials + ", " + parallel + " and " + timeoutSeconds);
        }
        SearchSpace searchSpace;
        try {
            searchSpace = SearchSpace.fromJson(Files.readString(space));
        } catch (NoSuchFileException e) {
            throw new VisutilityCommand.UserError("no search space file " + space);
        } catch (IllegalArgumentException e) {
            throw new VisutilityCommand.UserError("invalid search space " + space + ": " + e.getMessage());
        }
        Direction dir;
        Sampler s;
        try {
            dir = Direction.parse(direction);
            s = switch (sampler.toLowerCase(Locale.ROOT)) {
                case "tpe" -> Sampler.tpe(seed);
                case "random" -> Sampler.random(seed);
                case "grid" -> Sampler.grid();
                case "decay" -> Sampler.decay(decayStart, 0.8, 1e-5);
                default -> throw new IllegalArgumentException("unknown sampler '" + sampler
                        + "'; expected tpe, random, grid or decay");
            };
        } catch (IllegalArgumentException e) {
            throw new VisutilityCommand.UserError(e.getMessage());
        }
        Study study;
        try {
            study = Study.create(searchSpace, dir, s);
        } catch (IllegalArgumentException e) {
            throw new VisutilityCommand.UserError(e.getMessage());
        }
        Path work = workdir != null ? Files.createDirectories(workdir) : Files.createTempDirectory("visutility-tune-");
        ProgramObjective objective = new ProgramObjective(program, work, Duration.ofSeconds(timeoutSeconds),
                16L * 1024 * 1024, new CommandRunner());
        PrintWriter progress = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        progress.printf("tuning %s with %s (seed %d), %d trials, %d at a time; outputs and logs in %s%n",
                String.join(" ", program), sampler, seed, trials, parallel, work);
        progress.flush();

        AtomicInteger asked = new AtomicInteger();
        AtomicReference<String> exhausted = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < parallel; w++) {
            workers.add(Thread.ofPlatform().name("tune-" + w).start(() -> {
                while (exhausted.get() == null && failure.get() == null && asked.getAndIncrement() < trials) {
                    Suggestion next = study.ask();
                    if (next instanceof Suggestion.Exhausted e) {
                        exhausted.compareAndSet(null, e.reason());
                        return;
                    }
                    Trial trial = ((Suggestion.Next) next).trial();
                    try {
                        ProgramObjective.Outcome o = objective.evaluate(trial);
                        Trial done = o.succeeded() ? study.tell(trial.number(), o.value())
                                : study.fail(trial.number(), o.failure());
                        report(progress, done, o, study);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        failure.compareAndSet(null, e);
                        return;
                    } catch (IOException | RuntimeException e) {
                        study.fail(trial.number(), e.getMessage());
                        failure.compareAndSet(null, e);
                        return;
                    }
                }
            }));
        }
        for (Thread t : workers) {
            t.join();
        }
        if (exhausted.get() != null) {
            progress.println("search space exhausted: " + exhausted.get());
        }
        if (failure.get() != null) {
            throw new VisutilityCommand.UserError("tuning stopped: " + failure.get().getMessage());
        }
        Optional<Trial> best = study.best();
        if (json) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(Output.write(toJson(study.trials(), best)));
            out.flush();
        } else {
            progress.println(best.map(b -> "best: trial " + b.number() + " " + params(b) + " → "
                    + b.value().getAsDouble()).orElse("no trial succeeded"));
            progress.flush();
        }
        return best.isPresent() ? 0 : VisutilityCommand.FAILED;
    }

    private static void report(PrintWriter progress, Trial done, ProgramObjective.Outcome o, Study study) {
        String result = done.value().isPresent() ? String.valueOf(done.value().getAsDouble())
                : "failed: " + done.failure().orElse("?");
        String best = study.best().map(b -> String.valueOf(b.value().getAsDouble())).orElse("-");
        synchronized (progress) {
            progress.printf("trial %d  %s  →  %s  (%.1f s)  best %s%n", done.number(), params(done), result,
                    o.elapsed().toMillis() / 1000.0, best);
            progress.flush();
        }
    }

    private static String params(Trial t) {
        return t.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    private static ObjectNode toJson(List<Trial> trials, Optional<Trial> best) {
        ObjectNode root = Output.JSON.createObjectNode();
        ArrayNode list = root.putArray("trials");
        for (Trial t : trials) {
            ObjectNode o = list.addObject();
            o.put("number", t.number());
            o.set("params", Output.JSON.valueToTree(t.params()));
            if (t.value().isPresent()) {
                o.put("value", t.value().getAsDouble());
            } else {
                o.putNull("value");
            }
            o.put("state", t.state().name().toLowerCase(Locale.ROOT));
            t.failure().ifPresent(f -> o.put("failure", f));
        }
        if (best.isPresent()) {
            ObjectNode b = root.putObject("best");
            b.set("params", Output.JSON.valueToTree(best.get().params()));
            b.put("value", best.get().value().getAsDouble());
        } else {
            root.putNull("best");
        }
        return root;
    }
}
