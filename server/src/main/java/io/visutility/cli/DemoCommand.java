package io.visutility.cli;

import io.visutility.demo.Demo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The whole loop in about a minute on a fresh data directory: train, register, promote, serve with
 * telemetry, drift, detection, tuned retraining in a separate process, promotion, recovery.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Watch the whole loop: a Tribuo image classifier is trained, registered and served; the camera "
                + "drifts; the monitor detects it; a retrain job tunes and trains a new version in a separate process; "
                + "it is promoted and accuracy recovers. Uses a new temporary data directory unless --data is given "
                + "(which must be new or empty).",
                "Exit status 0 when the loop completed, 1 when it did not (the summary says why)."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    Context ctx;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port of the demo's server and dashboard; a free one when it is taken; 0 for any (default: 8080).")
    int port;

    @Option(names = "--keep-running", description = "Keep serving (and the server up) after the summary, until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the images and the tuner (default: 42).")
    long seed;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "6",
            description = "Tuning trials in the retrain job, each a run of the training program (default: 6).")
    int trials;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) {
            throw new VisutilityCommand.UserError("expected --port between 0 and 65535 but got " + port);
        }
        if (trials < 1 || trials > 50) {
            throw new VisutilityCommand.UserError("expected --trials between 1 and 50 but got " + trials);
        }
        Path dir;
        if (ctx.dataGiven()) {
            dir = ctx.data();
            if (Files.exists(dir) && (!Files.isDirectory(dir) || !isEmpty(dir))) {
                throw new VisutilityCommand.UserError("the demo needs a new or empty data directory, but " + dir
                        + (Files.isDirectory(dir) ? " has files in it" : " is not a directory")
                        + " (leave out --data to use a new temporary one)");
            }
        } else {
            dir = Files.createTempDirectory("visutility-demo-");
        }
        ctx.out().println("VisuTility demo: drift detected, model retrained, new version promoted, accuracy back.");
        ctx.out().println("data directory " + dir);
        ctx.out().flush();
        Demo.Options defaults = Demo.Options.defaults(dir);
        Demo.Outcome outcome = new Demo(new Demo.Options(dir, port, keepRunning, seed, defaults.before(), defaults.after(),
                defaults.timeout(), trials), ctx.out()).run();
        return outcome.completed() ? 0 : 1;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
