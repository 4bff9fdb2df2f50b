package io.visutility.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.demo.ShapeImages.Camera;
import io.visutility.demo.ShapeImages.Image;
import io.visutility.registry.JobState;
import io.visutility.registry.ModelVersion;
import io.visutility.registry.RetrainJob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end on the real code paths — a server, the Java client, the monitor, the retrainer
 * running {@link DemoTrainer} as a separate JVM with TPE, champion/challenger — with a shorter run.
 */
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void driftIsDetectedTheModelRetrainedPromotedAndAccuracyRecovers() throws Exception {
        Path data = dir.resolve("data");
        StringWriter text = new StringWriter();
        Demo.Outcome o = new Demo(new Demo.Options(data, 0, false, 42, Duration.ofSeconds(6), Duration.ofSeconds(4),
                Duration.ofSeconds(75), 3), new PrintWriter(text, true)).run();
        String printed = text.toString();

        assertThat(o.completed()).as(printed).isTrue();
        assertThat(o.accuracyBefore()).as("the first model on the camera it was trained for").isGreaterThan(0.9);
        assertThat(o.accuracyDrifted()).as("the same model after the exposure change").isLessThan(o.accuracyBefore() - 0.2);
        assertThat(o.accuracyAfter()).as("the retrained model on the changed camera").isGreaterThan(o.accuracyDrifted() + 0.1);
        assertThat(o.promotedVersion()).isEqualTo("1.0.1");
        assertThat(o.trials()).isEqualTo(3);
        assertThat(printed).contains("DETECTED feature_drift (drift) on shapes 1.0.0: 3 of 3 features drifted")
                .contains("champion/challenger: promoted 1.0.1 — better: accuracy ")
                .contains("re-scored on the candidate's validation data")
                .contains("serving switched 1.0.0 → 1.0.1")
                .contains("Summary: drift detected, model retrained, new version promoted, accuracy back.");

        try (Orchestrator orchestrator = Orchestrator.open(OrchestratorConfig.of(data).withoutRetraining())) {
            var registry = orchestrator.registry();
            assertThat(registry.versions(Demo.MODEL)).extracting(ModelVersion::version).containsExactly("1.0.0", "1.0.1");
            ModelVersion v = registry.get(Demo.MODEL, "1.0.1").orElseThrow();
            assertThat(v.lineage().parentVersion()).isEqualTo("1.0.0");
            assertThat(v.lineage().detection()).startsWith("feature_drift/drift@");
            assertThat(v.params()).containsOnlyKeys("lr", "epochs", "minibatch");
            assertThat(v.metrics()).containsKeys("accuracy", "parent_accuracy", "training_images");
            assertThat(registry.alias(Demo.MODEL, "production").orElseThrow().version()).isEqualTo("1.0.1");
            assertThat(registry.get(Demo.MODEL, "1.0.0").orElseThrow().params()).containsKey("reference_profile");
            RetrainJob job = registry.jobs().list(Demo.MODEL).getFirst();
            assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(registry.studies().steps(Demo.MODEL, "default")).filteredOn(s -> s.step().get("type").asText()
                    .equals("trial_completed")).hasSize(3);
            assertThat(registry.detections(Demo.MODEL, null)).isNotEmpty();
            String log = Files.readString(data.resolve(job.log()));
            assertThat(log).contains("=== trial 1 of 3").contains("=== trial 3 of 3")
                    .contains("taking images captured after the detection at ")
                    .contains("the job's training set: ");
        }
    }

    @Test
    void imagesRoundTripThroughTheFileFormatAndTheCameraChangeMovesTheStatistics() throws IOException {
        SplittableRandom rnd = new SplittableRandom(1);
        List<Image> normal = ShapeImages.dataset(rnd, Camera.NORMAL, 200, 5);
        Path file = dir.resolve("images.bin");
        ShapeImages.write(file, normal);
        List<Image> back = ShapeImages.read(file);
        assertThat(back).hasSize(200);
        for (int i = 0; i < back.size(); i++) {
            assertThat(back.get(i).pixels()).containsExactly(normal.get(i).pixels());
            assertThat(back.get(i).label()).isEqualTo(normal.get(i).label());
            assertThat(back.get(i).capturedAtMillis()).isEqualTo(5);
        }
        List<Image> over = ShapeImages.dataset(rnd, Camera.OVEREXPOSED, 200, 5);
        double b0 = normal.stream().mapToDouble(im -> ShapeImages.statistics(im.pixels()).get("brightness")).average()
                .orElseThrow();
        double b1 = over.stream().mapToDouble(im -> ShapeImages.statistics(im.pixels()).get("brightness")).average()
                .orElseThrow();
        double c0 = normal.stream().mapToDouble(im -> ShapeImages.statistics(im.pixels()).get("contrast")).average()
                .orElseThrow();
        double c1 = over.stream().mapToDouble(im -> ShapeImages.statistics(im.pixels()).get("contrast")).average()
                .orElseThrow();
        assertThat(b1).isGreaterThan(b0 + 0.2);
        assertThat(c1).isLessThan(c0 * 0.7);

        Files.writeString(file, "not images");
        assertThatThrownBy(() -> ShapeImages.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a file of 20×20 labelled images");
    }

    @Test
    void theTrainerRefusesBadArgumentsAndWritesItsModelAndMetrics() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DemoTrainer.run(new String[] {"--lr=0.1"}, Map.of("VISU_OUTPUT_DIR", "x"), quiet))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected --data FILE");
        assertThatThrownBy(() -> DemoTrainer.run(new String[] {"--data", "f", "--momentum=3"}, Map.of(), quiet))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown argument '--momentum=3'");

        Path recent = dir.resolve("recent.bin");
        ShapeImages.write(recent, ShapeImages.dataset(new SplittableRandom(2), Camera.NORMAL, 400, 1000));
        Path out = Files.createDirectories(dir.resolve("out"));
        DemoTrainer.run(new String[] {"--data", recent.toString(), "--min-images", "400", "--lr=0.1", "--epochs=3",
                "--minibatch=1"}, Map.of("VISU_OUTPUT_DIR", out.toString(), "VISU_JOB_ID", "job-1",
                        "VISU_DETECTED_AT", "1970-01-01T00:00:00.500Z"), quiet);
        String metrics = Files.readString(out.resolve("metrics.json"));
        assertThat(metrics).contains("\"artifact\": \"model.tribuo\"").contains("\"training_images\": 300")
                .contains("\"validation_images\": 100");
        assertThat(ShapeModel.load(out.resolve("model.tribuo")).accuracy(
                ShapeImages.dataset(new SplittableRandom(3), Camera.NORMAL, 200, 0))).isGreaterThan(0.8);
        assertThat(dir.resolve("training-set-job-1.bin")).exists();
    }
}
