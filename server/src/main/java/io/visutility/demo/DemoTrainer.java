package io.visutility.demo;

import io.visutility.demo.ShapeImages.Image;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The demo's training program, run by the retrainer's command trainer as a separate process — the
 * same contract as any user's program ({@code docs/retraining.md}): hyper-parameters as
 * {@code --name=value}, the output directory and the parent artifact in the environment, the model
 * and {@code metrics.json} written to {@code VISU_OUTPUT_DIR}.
 *
 * <pre>
 * java -cp visutility.jar io.visutility.demo.DemoTrainer --data recent.bin [--min-images 1200] [--wait-seconds 30]
 *      --lr=0.05 --epochs=3 --minibatch=1
 * </pre>
 *
 * <p>It trains on recent labelled production images ({@code --data}, rewritten continuously by the
 * serving side). When a detection asked for the job ({@code VISU_DETECTED_AT}) it takes only images
 * captured after it — the data after the change — and waits (up to {@code --wait-seconds}) until
 * {@code --min-images} of them have arrived. The first trial of a job freezes its images into
 * {@code training-set-<job>.bin} beside the data file, so every trial of the job sees the same data
 * and the trials' scores are comparable. A quarter is held out for validation: {@code accuracy}; the
 * parent version is scored on the same held-out images: {@code parent_accuracy} (for
 * {@code champion_value: rescored}).
 */
public final class DemoTrainer {
    private DemoTrainer() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        try {
            run(args, System.getenv(), out);
        } catch (IllegalArgumentException e) {
            System.err.println("demo trainer: " + e.getMessage());
            System.exit(2);
        } catch (IOException | RuntimeException e) {
            System.err.println("demo trainer: training failed: " + e);
            System.exit(1);
        } catch (InterruptedException e) {
            System.err.println("demo trainer: interrupted");
            System.exit(1);
        }
    }

    static void run(String[] args, Map<String, String> env, PrintStream out) throws IOException, InterruptedException {
        Path data = null;
        int minImages = 2000;
        int waitSeconds = 30;
        double lr = ShapeModel.Params.DEFAULTS.learningRate();
        int epochs = ShapeModel.Params.DEFAULTS.epochs();
        int minibatch = ShapeModel.Params.DEFAULTS.minibatch();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--data") && i + 1 < args.length) {
                data = Path.of(args[++i]);
            } else if (a.equals("--min-images") && i + 1 < args.length) {
                minImages = Integer.parseInt(args[++i]);
            } else if (a.equals("--wait-seconds") && i + 1 < args.length) {
                waitSeconds = Integer.parseInt(args[++i]);
            } else if (a.startsWith("--lr=")) {
                lr = number(a);
            } else if (a.startsWith("--epochs=")) {
                epochs = (int) Math.round(number(a));
            } else if (a.startsWith("--minibatch=")) {
                minibatch = (int) Math.round(number(a));
            } else {
                throw new IllegalArgumentException("unknown argument '" + a + "' (expected --data FILE, --min-images N, "
                        + "--wait-seconds S, --lr=X, --epochs=N, --minibatch=N)");
            }
        }
        if (data == null) {
            throw new IllegalArgumentException("expected --data FILE (the recent labelled images)");
        }
        String outputDir = env.get("VISU_OUTPUT_DIR");
        if (outputDir == null) {
            throw new IllegalArgumentException("expected VISU_OUTPUT_DIR in the environment (run by the retrainer)");
        }
        ShapeModel.Params params = new ShapeModel.Params(lr, epochs, minibatch);
        List<Image> images = trainingSet(data, env.get("VISU_JOB_ID"), env.get("VISU_DETECTED_AT"), minImages,
                Duration.ofSeconds(waitSeconds), out);

        List<Image> shuffled = new ArrayList<>(images);
        Collections.shuffle(shuffled, new Random(7));
        int cut = shuffled.size() * 3 / 4;
        List<Image> train = shuffled.subList(0, cut);
        List<Image> validation = shuffled.subList(cut, shuffled.size());
        out.printf(Locale.ROOT, "training on %d images, validating on %d; lr=%.4g epochs=%d minibatch=%d%n", train.size(),
                validation.size(), lr, epochs, minibatch);
        long t0 = System.nanoTime();
        ShapeModel model = ShapeModel.train(train, params, 1);
        double accuracy = round(model.accuracy(validation));
        out.printf(Locale.ROOT, "trained in %d ms: validation accuracy %.4f%n", (System.nanoTime() - t0) / 1_000_000,
                accuracy);
        Path dir = Path.of(outputDir);
        model.save(dir.resolve("model.tribuo"));
        StringBuilder metrics = new StringBuilder(String.format(Locale.ROOT,
                "{\"artifact\": \"model.tribuo\", \"accuracy\": %s, \"training_images\": %d, \"validation_images\": %d",
                accuracy, train.size(), validation.size()));
        String parent = env.get("VISU_PARENT_ARTIFACT");
        if (parent != null) {
            double parentAccuracy = round(ShapeModel.load(Path.of(parent)).accuracy(validation));
            out.printf(Locale.ROOT, "parent %s on the same validation images: %.4f%n",
                    env.getOrDefault("VISU_PARENT_VERSION", "?"), parentAccuracy);
            metrics.append(String.format(Locale.ROOT, ", \"parent_accuracy\": %s", parentAccuracy));
        }
        Files.writeString(dir.resolve("metrics.json"), metrics.append("}\n"), StandardCharsets.UTF_8);
    }

    /**
     * The job's frozen training set, or — for its first trial — the recent images after the detection,
     * waited for until there are {@code minImages}, then frozen.
     */
    private static List<Image> trainingSet(Path data, String jobId, String detectedAt, int minImages, Duration wait,
            PrintStream out) throws IOException, InterruptedException {
        Path frozen = jobId == null ? null : data.resolveSibling("training-set-" + jobId.replaceAll("[^A-Za-z0-9_.-]", "_")
                + ".bin");
        if (frozen != null && Files.exists(frozen)) {
            List<Image> images = ShapeImages.read(frozen);
            out.println("the job's training set: " + images.size() + " images (" + frozen.getFileName() + ")");
            return images;
        }
        long after = detectedAt == null ? Long.MIN_VALUE : Instant.parse(detectedAt).toEpochMilli();
        if (detectedAt != null) {
            out.println("taking images captured after the detection at " + detectedAt);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        List<Image> fresh;
        long lastReport = 0;
        while (true) {
            fresh = new ArrayList<>();
            try {
                for (Image im : ShapeImages.read(data)) {
                    if (im.capturedAtMillis() > after) {
                        fresh.add(im);
                    }
                }
            } catch (NoSuchFileException e) {
                // the serving side has not written any yet
            }
            if (fresh.size() >= minImages || System.nanoTime() > deadline) {
                break;
            }
            if (System.nanoTime() - lastReport > 1_000_000_000L) {
                out.println("waiting for labelled images: " + fresh.size() + " of " + minImages);
                lastReport = System.nanoTime();
            }
            Thread.sleep(200);
        }
        if (fresh.size() < Math.max(40, minImages / 4)) {
            throw new IOException("only " + fresh.size() + " labelled images arrived in " + wait.toSeconds()
                    + " s; expected at least " + minImages);
        }
        if (frozen != null) {
            ShapeImages.write(frozen, fresh);
        }
        out.println("training set: " + fresh.size() + " recent labelled images");
        return fresh;
    }

    /** Four decimals: a validation set of a few hundred images measures no finer. */
    private static double round(double x) {
        return Math.round(x * 10_000) / 10_000.0;
    }

    private static double number(String arg) {
        String v = arg.substring(arg.indexOf('=') + 1);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number in '" + arg + "'");
        }
    }
}
