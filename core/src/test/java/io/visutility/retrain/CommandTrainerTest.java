package io.visutility.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command trainer's contract with a user's training program, with real subprocesses (/bin/sh). */
class CommandTrainerTest {
    @TempDir
    Path dir;

    private int runs;

    /** A fresh output directory per attempt, as the retrainer gives. */
    private TrainingContext context(Map<String, Object> params, Duration timeout) throws Exception {
        Path out = Files.createDirectories(dir.resolve("output-" + runs++));
        Path parent = Files.writeString(dir.resolve("parent.bin"), "old weights");
        SequencedMap<String, Object> p = new LinkedHashMap<>(params);
        return new TrainingContext("gate", "job-1", 2, p, Optional.of("1.0.0"), Optional.of(parent), out,
                dir.resolve("train.log"), 1024, timeout);
    }

    private static Trainer sh(String script) {
        return Trainer.command(List.of("/bin/sh", "-c", script, "train"));
    }

    @Test
    void passesParametersParentAndOutputDirectoryAndReadsTheOutputs() throws Exception {
        Trainer t = sh("""
                echo "args: $*"
                echo "lr=$VISU_PARAM_LR opt=$VISU_PARAM_OPTIMIZER model=$VISU_MODEL job=$VISU_JOB_ID attempt=$VISU_ATTEMPT"
                echo "parent=$(cat "$VISU_PARENT_ARTIFACT") version=$VISU_PARENT_VERSION"
                printf 'new weights' > "$VISU_OUTPUT_DIR/model.onnx"
                printf '{"accuracy": 0.93, "loss": 0.21, "note": "ok"}' > "$VISU_OUTPUT_DIR/metrics.json"
                """);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("lr", 0.01);
        params.put("optimizer", "adam");
        TrainingResult r = t.train(context(params, Duration.ofSeconds(30)));
        assertThat(r.artifact().getFileName().toString()).isEqualTo("model.onnx");
        assertThat(r.metrics()).isEqualTo(Map.of("accuracy", 0.93, "loss", 0.21));
        String log = Files.readString(dir.resolve("train.log"));
        assertThat(log).contains("args: --lr=0.01 --optimizer=adam").contains("lr=0.01 opt=adam model=gate job=job-1 attempt=2")
                .contains("parent=old weights version=1.0.0");
    }

    @Test
    void tellsTheProgramWhichDetectionAskedForTheJob() throws Exception {
        Trainer t = sh("""
                echo "detection=${VISU_DETECTION:-none} at=${VISU_DETECTED_AT:-none}"
                printf 'w' > "$VISU_OUTPUT_DIR/model.bin"
                printf '{"accuracy": 0.9}' > "$VISU_OUTPUT_DIR/metrics.json"
                """);
        TrainingContext plain = context(Map.of(), Duration.ofSeconds(30));
        t.train(plain);
        assertThat(Files.readString(dir.resolve("train.log"))).contains("detection=none at=none");
        TrainingContext detected = new TrainingContext(plain.model(), plain.jobId(), plain.attempt(), plain.params(),
                plain.parentVersion(), plain.parentArtifact(), context(Map.of(), Duration.ofSeconds(30)).outputDir(),
                plain.log(), plain.logLimit(), plain.timeout(),
                Optional.of("feature_drift/drift@2026-11-24T10:15:30.250Z"));
        assertThat(detected.detectedAt()).contains(java.time.Instant.parse("2026-11-24T10:15:30.250Z"));
        t.train(detected);
        assertThat(Files.readString(dir.resolve("train.log")))
                .contains("detection=feature_drift/drift@2026-11-24T10:15:30.250Z at=2026-11-24T10:15:30.250Z");
    }

    @Test
    void failsWithAClearReasonWhenTheOutputsAreUnusable() throws Exception {
        Duration t = Duration.ofSeconds(30);
        assertThatThrownBy(() -> sh("exit 3").train(context(Map.of(), t)))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessage("training program exited with status 3 (see the log train.log)");
        assertThatThrownBy(() -> sh("printf x > \"$VISU_OUTPUT_DIR/m.bin\"").train(context(Map.of(), t)))
                .hasMessage("the training program wrote no metrics.json in VISU_OUTPUT_DIR");
        assertThatThrownBy(() -> sh("printf '[1]' > \"$VISU_OUTPUT_DIR/metrics.json\"").train(context(Map.of(), t)))
                .hasMessage("expected metrics.json to hold a JSON object of metrics but got array");
        assertThatThrownBy(() -> sh("printf '{\"accuracy\": 1}' > \"$VISU_OUTPUT_DIR/metrics.json\"; "
                + "printf a > \"$VISU_OUTPUT_DIR/a.bin\"; printf b > \"$VISU_OUTPUT_DIR/b.bin\"").train(context(Map.of(), t)))
                .hasMessageContaining("expected the training program to write one artifact file").hasMessageContaining("[a.bin, b.bin]");
        assertThatThrownBy(() -> sh("printf '{\"accuracy\": 1, \"artifact\": \"../parent.bin\"}' > \"$VISU_OUTPUT_DIR/metrics.json\"")
                .train(context(Map.of(), t))).hasMessageContaining("lies outside VISU_OUTPUT_DIR");
        assertThatThrownBy(() -> sh("printf '{\"accuracy\": 1}' > \"$VISU_OUTPUT_DIR/metrics.json\"; "
                + "ln -s /etc/hostname \"$VISU_OUTPUT_DIR/model.bin\"").train(context(Map.of(), t)))
                .hasMessageContaining("expected the training program to write one artifact file");
        assertThatThrownBy(() -> Trainer.command(List.of("/no/such/program")).train(context(Map.of(), t)))
                .hasMessageContaining("cannot start '/no/such/program'");
    }

    @Test
    void namesTheArtifactInMetricsJson() throws Exception {
        TrainingResult r = sh("mkdir \"$VISU_OUTPUT_DIR/ckpt\"; printf w > \"$VISU_OUTPUT_DIR/ckpt/best.pt\"; "
                + "printf x > \"$VISU_OUTPUT_DIR/last.pt\"; "
                + "printf '{\"accuracy\": 0.5, \"artifact\": \"ckpt/best.pt\"}' > \"$VISU_OUTPUT_DIR/metrics.json\"")
                .train(context(Map.of(), Duration.ofSeconds(30)));
        assertThat(r.artifact()).hasFileName("best.pt").hasContent("w");
    }

    @Test
    void aProgramPastItsTimeoutIsKilledWithItsChildren() throws Exception {
        Path pids = dir.resolve("pids");
        Trainer t = sh("sleep 60 & echo $! > " + pids + "; wait");
        long start = System.nanoTime();
        assertThatThrownBy(() -> t.train(context(Map.of(), Duration.ofMillis(500))))
                .hasMessage("timed out after 0 s (process tree killed)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        long child = Long.parseLong(Files.readString(pids).trim());
        // the kill is a signal: wait for the child's exit (a TimeoutException fails the test if it was not killed)
        ProcessHandle.of(child).ifPresent(h -> h.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join());
    }
}
