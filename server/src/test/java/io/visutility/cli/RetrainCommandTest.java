package io.visutility.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.registry.RetrainRequestOutcome;
import io.visutility.retrain.RetrainConfigJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code retrain}, {@code jobs}, {@code job}, {@code cancel}, {@code approve}, {@code reject},
 * {@code rollback} and {@code promotions}, with real training programs (python3, as this machine
 * kind provides it). Model {@code cam} 1.0.0 (accuracy 0.9) is registered and in production first.
 */
class RetrainCommandTest {
    private static final List<String> JOB_FIELDS = List.of("id", "model", "state", "trigger", "parent_version",
            "reasons", "detections", "evidence", "attempts", "trial", "params", "log", "queued_at", "started_at",
            "finished_at", "retry_at", "failure", "new_version", "metrics");
    private static final List<String> DECISION_FIELDS = List.of("model", "alias", "decision", "candidate", "champion",
            "job_id", "metric", "candidate_value", "champion_value", "reason", "decided_at");

    @TempDir
    Path tmp;
    Path data;
    Path train;

    @BeforeEach
    void setUp() throws IOException {
        data = tmp.resolve("data");
        // accuracy = 1 - lr; lr from VISU_PARAM_LR (a tuned parameter) or the last --lr=… argument
        train = Files.writeString(tmp.resolve("train.py"), """
                import json, os, sys
                args = [float(a[5:]) for a in sys.argv[1:] if a.startswith('--lr=')]
                lr = float(os.environ['VISU_PARAM_LR']) if 'VISU_PARAM_LR' in os.environ else args[-1]
                assert not args or args[-1] == lr
                print('training with lr = %s' % lr, flush=True)  # one write: stderr is pumped into the same log
                if '--fail' in sys.argv:
                    print('diverged', file=sys.stderr)
                    sys.exit(3)
                out = os.environ['VISU_OUTPUT_DIR']
                with open(os.path.join(out, 'model.bin'), 'w') as f:
                    f.write('weights trained with lr=%s from %s' % (lr, os.environ.get('VISU_PARENT_VERSION')))
                with open(os.path.join(out, 'metrics.json'), 'w') as f:
                    json.dump({'accuracy': round(1 - lr, 6)}, f)
                """);
        Path artifact = Files.writeString(tmp.resolve("model.bin"), "weights v1");
        assertThat(run("register", "cam", "1.0.0", "--artifact", artifact.toString(), "--metric", "accuracy=0.9")
                .exit()).isZero();
        assertThat(run("promote", "cam", "1.0.0").exit()).isZero();
    }

    CliRun run(String... args) {
        return CliRun.run(data, args);
    }

    /** A configuration document in a file. */
    Path config(String json) throws IOException {
        return Files.writeString(Files.createTempFile(tmp, "retrain-", ".json"), json);
    }

    /** A configuration that trains with a fixed --lr (no search space) and the given promotion mode. */
    Path fixed(String lr, String mode) throws IOException {
        return config("{\"trainer\": {\"command\": [\"python3\", \"" + train + "\", \"--lr=" + lr + "\"]},"
                + " \"promotion\": {\"metric\": \"accuracy\", \"direction\": \"maximize\", \"mode\": \"" + mode + "\"}}");
    }

    void configure(String model, Path config) {
        CliRun r = run("retrain", "configure", model, "--config", config.toString());
        assertThat(r.exit()).as(r.err()).isZero();
    }

    /** The model's only job, or its newest. */
    String lastJob(String model) throws IOException {
        JsonNode jobs = run("jobs", model, "--json").json();
        return jobs.get(jobs.size() - 1).get("id").asText();
    }

    String production() throws IOException {
        return run("show", "cam", "production").json().get("version").asText();
    }

    long journalBytes() throws IOException {
        try (Stream<Path> s = Files.list(data.resolve("journal"))) {
            return s.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void configureRefusesABadDocumentNamingTheFieldAndRecordsNothing() throws IOException {
        long before = journalBytes();
        Path unknown = config("{\"trainer\": {\"command\": [\"python3\", \"t.py\"]}, \"promotoin\": {}}");
        Path nested = config("{\"trainer\": {\"command\": [\"python3\", \"t.py\"]}, \"policy\": {\"max_atempts\": 2}}");
        Path malformed = config("{\"trainer\": {\"command\": [\"python3\"");
        Path shell = config("{\"trainer\": {\"command\": \"python3 t.py\"}}");
        Path missing = tmp.resolve("missing.json");
        Object[][] cases = {
            {unknown, "invalid retrain config " + unknown + ": retrain config: unknown field 'promotoin' (expected one"
                + " of [policy, promotion, sampler, space, study, trainer])"},
            {nested, "invalid retrain config " + nested + ": policy: unknown field 'max_atempts' (expected one of"
                + " [backoff_seconds, bump, cooldown_seconds, detection_window_seconds, detections_required,"
                + " max_attempts, max_backoff_seconds, on_deprecation, on_warnings, timeout_seconds, trials_per_job])"},
            {malformed, "invalid retrain config " + malformed + ": retrain config is not valid JSON: Unexpected end-of-input"},
            {shell, "invalid retrain config " + shell + ": trainer.command: expected a non-empty array of strings (the"
                + " program and its arguments, never a shell string) but got \"python3 t.py\""},
            {missing, "expected --config to name a readable file but '" + missing + "' does not exist"},
        };
        for (Object[] c : cases) {
            CliRun r = run("retrain", "configure", "cam", "--config", c[0].toString());
            assertThat(r.exit()).as((String) c[1]).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.errLines().getFirst()).startsWith("visutility: " + c[1]);
        }
        CliRun unknownModel = run("retrain", "configure", "nomodel", "--config", fixed("0.05", "auto").toString());
        assertThat(unknownModel.exit()).isEqualTo(1);
        assertThat(unknownModel.err()).isEqualTo("visutility: no model named 'nomodel' is registered [not_found]\n");
        assertThat(run("retrain", "configure", "cam").exit()).isEqualTo(2);

        assertThat(journalBytes()).isEqualTo(before);
        CliRun none = run("retrain", "config", "cam");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).isEqualTo("visutility: model 'cam' has no retrain config; set one with"
                + " 'visutility retrain configure cam --config FILE'\n");
        assertThat(run("retrain", "config", "nomodel").err()).endsWith("[not_found]\n");
    }

    @Test
    void configurePrintsASummaryAndConfigPrintsTheDocumentWithItsDefaults() throws IOException {
        Path file = config("{\"trainer\": {\"command\": [\"python3\", \"train.py\", \"--data\", \"/images\"]},"
                + " \"space\": {\"lr\": {\"type\": \"float\", \"low\": 1e-5, \"high\": 1}},"
                + " \"sampler\": {\"name\": \"random\", \"seed\": 7}, \"study\": \"night\","
                + " \"promotion\": {\"metric\": \"loss\", \"direction\": \"minimize\", \"mode\": \"manual\"}}");
        CliRun r = run("retrain", "configure", "cam", "--config", file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String cwd = Path.of("").toAbsolutePath().toString(); // relative paths in the command resolve there
        assertThat(r.out()).isEqualTo("retrain config of model 'cam' recorded: trainer"
                + " [\"python3\",\"train.py\",\"--data\",\"/images\"] in " + cwd + "; sampler random(seed=7, model seed="
                + io.visutility.retrain.SamplerChoice.random(7).seedFor("cam") + ") over lr; study 'night';"
                + " promotion by loss (minimize, min improvement 0.0, manual) into 'production'\n");

        CliRun shown = run("retrain", "config", "cam");
        assertThat(shown.exit()).isZero();
        JsonNode doc = shown.json();
        ObjectNode expected = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(file));
        ((ObjectNode) expected.get("trainer")).put("working_dir", cwd);
        assertThat(doc.toString()).isEqualTo(RetrainConfigJson.toJson(RetrainConfigJson.parse(expected)).toString());
        assertThat(doc.get("trainer").get("working_dir").asText()).isEqualTo(cwd);
        assertThat(doc.get("policy").get("max_attempts").asInt()).isEqualTo(3);
        assertThat(doc.get("policy").get("backoff_seconds").asInt()).isEqualTo(60);
        assertThat(doc.get("promotion").get("alias").asText()).isEqualTo("production");

        // what it prints is a document configure accepts, and recording it again changes nothing
        Path again = Files.writeString(tmp.resolve("again.json"), shown.out());
        assertThat(run("retrain", "configure", "cam", "--config", again.toString()).out()).isEqualTo(r.out());
        assertThat(run("retrain", "config", "cam").out()).isEqualTo(shown.out());
    }

    @Test
    void runTrainsRegistersWithLineageAndPromotesABetterVersion() throws IOException {
        configure("cam", config("{\"trainer\": {\"command\": [\"python3\", \"" + train + "\"]},"
                + " \"space\": {\"lr\": {\"type\": \"float\", \"low\": 1e-5, \"high\": 1}},"
                + " \"sampler\": {\"name\": \"decay\", \"initial\": 0.05, \"factor\": 0.8, \"floor\": 1e-5}}"));

        CliRun r = run("retrain", "run", "cam", "--reason", "new night images");
        assertThat(r.exit()).as(r.err()).isZero();
        String job = lastJob("cam");
        Path log = data.resolve("jobs").resolve(job).resolve("attempt-1").resolve("train.log");
        List<String> progress = r.errLines();
        assertThat(progress).hasSize(4);
        assertThat(progress.subList(0, 3)).containsExactly(
                "queued retrain job " + job + " of model 'cam' from version 1.0.0: new night images",
                "attempt 1 of job " + job + " started with {\"lr\":0.05} (trial 0); log: " + log,
                "attempt 1 succeeded: registered cam 1.0.1 with metrics {\"accuracy\":0.95}");
        assertThat(progress.get(3)).startsWith("promoted cam 1.0.1 to 'production' (was 1.0.0): better: accuracy 0.95"
                + " (candidate 1.0.1) vs 0.9 (champion 1.0.0), maximize, improvement 0.05,");
        assertThat(r.out()).isEqualTo("retrain job " + job + " of model 'cam' succeeded: 1.0.1 promoted ('production')\n");
        assertThat(log).content().contains("training with lr = 0.05");

        JsonNode v = run("show", "cam", "1.0.1").json();
        assertThat(v.get("lineage").get("parent_version").asText()).isEqualTo("1.0.0");
        assertThat(v.get("lineage").get("training_job_id").asText()).isEqualTo(job);
        assertThat(v.get("lineage").get("reason").asText()).isEqualTo("new night images");
        assertThat(v.get("metrics").get("accuracy").asDouble()).isEqualTo(0.95);
        assertThat(v.get("params").get("lr").asDouble()).isEqualTo(0.05);
        assertThat(production()).isEqualTo("1.0.1");

        // the next run continues the decay schedule: lr 0.05 × 0.8 from parent 1.0.1
        CliRun second = run("retrain", "run", "cam", "--json");
        assertThat(second.exit()).as(second.err()).isZero();
        JsonNode j = second.json();
        assertThat(CliRun.fields(j)).containsExactlyElementsOf(concat(JOB_FIELDS, List.of("decision")));
        assertThat(j.get("id").asText()).isEqualTo(lastJob("cam")).isNotEqualTo(job);
        assertThat(j.get("state").asText()).isEqualTo("succeeded");
        assertThat(j.get("trigger").asText()).isEqualTo("manual");
        assertThat(j.get("parent_version").asText()).isEqualTo("1.0.1");
        assertThat(j.get("reasons")).hasSize(1);
        assertThat(j.get("reasons").get(0).asText()).isEqualTo("manual request");
        assertThat(j.get("attempts").asInt()).isEqualTo(1);
        assertThat(j.get("trial").asInt()).isEqualTo(1);
        assertThat(j.get("params").get("lr").asDouble()).isCloseTo(0.04, within(1e-12));
        assertThat(j.get("log").asText()).isEqualTo("jobs/" + j.get("id").asText() + "/attempt-1/train.log");
        assertThat(j.get("new_version").asText()).isEqualTo("1.0.2");
        assertThat(j.get("metrics").get("accuracy").asDouble()).isEqualTo(0.96);
        assertThat(j.get("retry_at").isNull()).isTrue();
        assertThat(j.get("failure").isNull()).isTrue();
        JsonNode d = j.get("decision");
        assertThat(CliRun.fields(d)).containsExactlyElementsOf(DECISION_FIELDS);
        assertThat(d.get("decision").asText()).isEqualTo("promoted");
        assertThat(d.get("candidate").asText()).isEqualTo("1.0.2");
        assertThat(d.get("champion").asText()).isEqualTo("1.0.1");
        assertThat(d.get("job_id").asText()).isEqualTo(j.get("id").asText());
        assertThat(d.get("candidate_value").asDouble()).isEqualTo(0.96);
        assertThat(d.get("champion_value").asDouble()).isEqualTo(0.95);
        assertThat(production()).isEqualTo("1.0.2");
    }

    @Test
    void aWorseVersionIsRegisteredButProductionIsKept() throws IOException {
        configure("cam", fixed("0.2", "auto"));
        CliRun r = run("retrain", "run", "cam");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.errLines().getLast()).startsWith("kept cam 1.0.1 ('production' stays at 1.0.0): not better:"
                + " accuracy 0.8 (candidate 1.0.1) vs 0.9 (champion 1.0.0), maximize, improvement -0.1,");
        assertThat(r.out()).endsWith(" succeeded: 1.0.1 kept ('production')\n");
        assertThat(production()).isEqualTo("1.0.0");
        assertThat(run("versions", "cam", "--json").json()).hasSize(2);
        assertThat(run("show", "cam", "1.0.1").json().get("lineage").get("parent_version").asText()).isEqualTo("1.0.0");
    }

    @Test
    void aFailingProgramFailsTheJobWithItsReasonAndRetryTimeAndRegistersNothing() throws IOException {
        configure("cam", config("{\"trainer\": {\"command\": [\"python3\", \"" + train + "\", \"--lr=0.05\","
                + " \"--fail\"]}, \"policy\": {\"backoff_seconds\": 600, \"max_backoff_seconds\": 3600}}"));
        CliRun r = run("retrain", "run", "cam");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        JsonNode job = run("job", lastJob("cam"), "--json").json();
        String id = job.get("id").asText();
        String retryAt = job.get("retry_at").asText();
        assertThat(Duration.between(Instant.parse(job.get("finished_at").asText()), Instant.parse(retryAt)))
                .isBetween(Duration.ofSeconds(599), Duration.ofSeconds(600));
        assertThat(job.get("state").asText()).isEqualTo("failed");
        assertThat(job.get("failure").asText()).isEqualTo("training program exited with status 3 (see the log"
                + " train.log) (attempt 1 of 3; retrying at " + retryAt + ")");
        assertThat(r.errLines()).hasSize(4);
        assertThat(r.errLines().subList(2, 4)).containsExactly(
                "attempt 1 failed: " + job.get("failure").asText(),
                "visutility: retrain job " + id + " of model 'cam' did not succeed: attempt 1 failed. It will be"
                        + " retried at " + retryAt + ": run 'visutility retrain run cam' again then, or cancel it with"
                        + " 'visutility cancel " + id + "'");
        assertThat(data.resolve(job.get("log").asText())).content().contains("training with lr = 0.05", "diverged");
        assertThat(run("versions", "cam", "--json").json()).hasSize(1);
        assertThat(production()).isEqualTo("1.0.0");

        // a second request joins the waiting job, which does not run before its time
        CliRun again = run("retrain", "run", "cam", "--reason", "try again");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.errLines()).containsExactly(
                "request merged into model 'cam''s active retrain job " + id + ": try again",
                "visutility: retrain job " + id + " of model 'cam' waits to retry after attempt 1 failed ("
                        + job.get("failure").asText() + "); the request was merged into it. It will be retried at "
                        + retryAt + ": run 'visutility retrain run cam' again then, or cancel it with 'visutility cancel "
                        + id + "'");
        JsonNode merged = run("job", id, "--json").json();
        assertThat(merged.get("reasons").get(1).asText()).isEqualTo("try again");
        assertThat(merged.get("attempts").asInt()).isEqualTo(1);

        String table = run("jobs").out();
        assertThat(table.lines().toList()).hasSize(2);
        assertThat(table.lines().toList().get(1)).startsWith(id + "  cam    failed  1         manual   ")
                .endsWith("-        retry at " + Instant.parse(retryAt).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

        // a job waiting to retry can be cancelled; then it is over
        CliRun cancel = run("cancel", id);
        assertThat(cancel.exit()).isZero();
        assertThat(cancel.out()).isEqualTo("retrain job " + id + " of model 'cam' is now cancelled: cancelled on request\n");
        assertThat(run("job", id, "--json").json().get("retry_at").isNull()).isTrue();
    }

    @Test
    void aRetryDueAtOnceRunsBeforeTheCommandReturnsUntilNoAttemptsAreLeft() throws IOException {
        configure("cam", config("{\"trainer\": {\"command\": [\"python3\", \"" + train + "\", \"--lr=0.05\","
                + " \"--fail\"]}, \"policy\": {\"max_attempts\": 2, \"backoff_seconds\": 0}}"));
        CliRun r = run("retrain", "run", "cam", "--json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode job = r.json();
        String id = job.get("id").asText();
        assertThat(job.get("state").asText()).isEqualTo("failed");
        assertThat(job.get("attempts").asInt()).isEqualTo(2);
        assertThat(job.get("retry_at").isNull()).isTrue();
        assertThat(job.get("decision").isNull()).isTrue();
        Path log1 = data.resolve("jobs/" + id + "/attempt-1/train.log");
        Path log2 = data.resolve("jobs/" + id + "/attempt-2/train.log");
        assertThat(r.errLines().get(1)).isEqualTo("attempt 1 of job " + id + " started without parameters; log: " + log1);
        assertThat(r.errLines().get(2)).startsWith("attempt 1 failed: training program exited with status 3 (see the"
                + " log train.log) (attempt 1 of 2; retrying at ");
        assertThat(r.errLines().subList(3, r.errLines().size())).containsExactly(
                "retrying now",
                "attempt 2 of job " + id + " started without parameters; log: " + log2,
                "attempt 2 failed: training program exited with status 3 (see the log train.log) (attempt 2 of 2;"
                        + " giving up)",
                "visutility: retrain job " + id + " of model 'cam' failed after 2 attempt(s); no attempts left");
        assertThat(log2).content().contains("diverged");
    }

    @Test
    void manualModeHoldsTheVersionForApprovalAndApproveRejectRollbackDecide() throws IOException {
        configure("cam", fixed("0.05", "manual"));
        CliRun noEarlier = run("rollback", "cam");
        assertThat(noEarlier.exit()).isEqualTo(1);
        assertThat(noEarlier.err()).isEqualTo("visutility: no earlier 'production' version of model 'cam' is recorded"
                + " (1.0.0 was not promoted over another version by a promotion decision); promote a version explicitly [conflict]\n");

        CliRun r = run("retrain", "run", "cam");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.errLines().subList(3, 5)).containsExactly(
                "held cam 1.0.1 for approval as 'production': better: accuracy 0.95 (candidate 1.0.1) vs 0.9 (champion"
                        + " 1.0.0), maximize, improvement 0.05, required > 0 and ≥ 0.0; waiting for approval",
                "approve it with 'visutility approve cam 1.0.1' or reject it with 'visutility reject cam 1.0.1'");
        assertThat(production()).isEqualTo("1.0.0");

        CliRun approve = run("approve", "cam", "1.0.1", "--note", "checked the night images");
        assertThat(approve.exit()).as(approve.err()).isZero();
        assertThat(approve.out()).isEqualTo("approved cam 1.0.1: 'production' now points at 1.0.1 (was 1.0.0)\n");
        assertThat(production()).isEqualTo("1.0.1");

        CliRun rollback = run("rollback", "cam", "--reason", "false positives");
        assertThat(rollback.exit()).as(rollback.err()).isZero();
        assertThat(rollback.out()).isEqualTo("rolled back cam: 'production' now points at 1.0.0 (was 1.0.1)\n");
        assertThat(production()).isEqualTo("1.0.0");

        CliRun notPending = run("reject", "cam", "1.0.1");
        assertThat(notPending.exit()).isEqualTo(1);
        assertThat(notPending.out()).isEmpty();
        assertThat(notPending.err()).isEqualTo("visutility: model 'cam' version 1.0.1 is not awaiting approval for"
                + " 'production' [conflict]\n");

        // a second candidate held, then rejected: production stays
        assertThat(run("retrain", "run", "cam").exit()).isZero();
        CliRun reject = run("reject", "cam", "1.0.2", "--note", "worse on rainy days");
        assertThat(reject.exit()).as(reject.err()).isZero();
        assertThat(reject.out()).isEqualTo("rejected cam 1.0.2: 'production' stays at 1.0.0\n");
        assertThat(production()).isEqualTo("1.0.0");
        assertThat(run("approve", "cam", "1.0.2").err()).endsWith("[conflict]\n");

        JsonNode p = run("promotions", "cam", "--json").json();
        assertThat(CliRun.fields(p)).containsExactly("decisions", "pending");
        assertThat(p.get("pending")).isEmpty();
        List<String> decisions = p.get("decisions").findValuesAsText("decision");
        assertThat(decisions).containsExactly("held", "approved", "rolled_back", "held", "rejected");
        JsonNode approved = p.get("decisions").get(1);
        assertThat(CliRun.fields(approved)).containsExactlyElementsOf(DECISION_FIELDS);
        assertThat(approved.get("candidate").asText()).isEqualTo("1.0.1");
        assertThat(approved.get("champion").asText()).isEqualTo("1.0.0");
        assertThat(approved.get("reason").asText()).isEqualTo("checked the night images");
        assertThat(approved.get("job_id").asText()).isEqualTo(p.get("decisions").get(0).get("job_id").asText());
        assertThat(p.get("decisions").get(2).get("reason").asText()).isEqualTo("false positives");
        assertThat(p.get("decisions").get(2).get("candidate").asText()).isEqualTo("1.0.0");
    }

    @Test
    void jobsJobAndPromotionsPrintTablesAndJson() throws IOException {
        assertThat(run("jobs").out()).isEqualTo("no retrain jobs\n");
        assertThat(run("jobs", "--json").json()).isEmpty();
        assertThat(run("promotions", "cam").out()).isEqualTo("no promotion decisions for model 'cam'\n\n"
                + "no versions awaiting approval\n");
        configure("cam", fixed("0.05", "manual"));
        assertThat(run("retrain", "run", "cam", "--reason", "new images").exit()).isZero();
        String id = lastJob("cam");

        List<String> jobs = run("jobs", "cam").out().lines().toList();
        assertThat(jobs).hasSize(2);
        assertThat(jobs.get(0)).matches("ID {34}  MODEL  STATE      ATTEMPTS  TRIGGER  QUEUED AT {11}  VERSION  NOTE");
        assertThat(jobs.get(1)).matches(id + "  cam    succeeded  1         manual   \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"
                + "  1\\.0\\.1    -");
        JsonNode list = run("jobs", "--json").json();
        assertThat(list).hasSize(1);
        assertThat(CliRun.fields(list.get(0))).containsExactlyElementsOf(JOB_FIELDS);

        List<String> job = run("job", id).out().lines().toList();
        assertThat(job).contains("job             " + id, "model           cam", "state           succeeded",
                "trigger         manual", "parent version  1.0.0", "reasons         new images", "detections      -",
                "evidence        -", "attempts        1", "trial           -", "params          {}",
                "log             " + data.resolve("jobs/" + id + "/attempt-1/train.log"), "retry at        -",
                "failure         -", "new version     1.0.1", "metrics         {\"accuracy\":0.95}");
        assertThat(job).hasSize(19);
        JsonNode full = run("job", id, "--json").json();
        assertThat(CliRun.fields(full)).containsExactlyElementsOf(JOB_FIELDS);
        assertThat(full.get("detections")).isEmpty();
        assertThat(full.get("evidence").isNull()).isTrue();
        assertThat(full.get("trial").isNull()).isTrue();

        List<String> promotions = run("promotions", "cam").out().lines().toList();
        assertThat(promotions).hasSize(5);
        assertThat(promotions.get(0)).matches("DECIDED AT {10}  DECISION  CANDIDATE  CHAMPION  METRIC    CANDIDATE VALUE"
                + "  CHAMPION VALUE  REASON");
        assertThat(promotions.get(1)).matches("\\S+Z  held      1\\.0\\.1      1\\.0\\.0     accuracy  0\\.95 {11}  0\\.9 {11}"
                + "  better: accuracy 0\\.95 .*; waiting for approval");
        assertThat(promotions.subList(2, 5)).containsExactly("", "awaiting approval:", "  1.0.1 for 'production' (held"
                + " at " + promotions.get(1).substring(0, 20) + "): 'visutility approve cam 1.0.1' or 'visutility reject"
                + " cam 1.0.1'");
        JsonNode pending = run("promotions", "cam", "--json").json().get("pending");
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).get("job_id").asText()).isEqualTo(id);
    }

    @Test
    void cancelsAQueuedJobAndRefusesOneThatEnded() throws IOException {
        Path artifact = Files.writeString(tmp.resolve("other.bin"), "weights");
        assertThat(run("register", "other", "1.0.0", "--artifact", artifact.toString()).exit()).isZero();
        String id;
        // a model without a retrain config: its job stays queued
        try (Orchestrator o = Orchestrator.open(OrchestratorConfig.of(data))) {
            RetrainRequestOutcome outcome = o.retrainer().request("other", "x");
            assertThat(outcome.kind()).isEqualTo(RetrainRequestOutcome.Kind.QUEUED);
            id = outcome.job().orElseThrow().id();
        }
        assertThat(run("job", id, "--json").json().get("state").asText()).isEqualTo("queued");
        CliRun refused = run("retrain", "run", "other");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("visutility: model 'other' has no retrain config; set one with"
                + " 'visutility retrain configure other --config FILE'\n");

        CliRun cancel = run("cancel", id, "--reason", "not needed");
        assertThat(cancel.exit()).as(cancel.err()).isZero();
        assertThat(cancel.out()).isEqualTo("retrain job " + id + " of model 'other' is now cancelled: not needed\n");
        JsonNode job = run("job", id, "--json").json();
        assertThat(job.get("state").asText()).isEqualTo("cancelled");
        assertThat(job.get("failure").asText()).isEqualTo("not needed");
        assertThat(job.get("attempts").asInt()).isZero();
        assertThat(job.get("finished_at").isNull()).isFalse();
        assertThat(run("jobs", "other").out().lines().toList().get(1)).contains("  cancelled  0  ").endsWith("  not needed");

        CliRun again = run("cancel", id);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("visutility: retrain job " + id + " already ended (cancelled) and cannot be"
                + " cancelled [conflict]\n");
        assertThat(run("cancel", "no-such-job").err()).isEqualTo("visutility: no retrain job with id no-such-job"
                + " [not_found]\n");
        assertThat(run("jobs", "--json").json()).hasSize(1);
    }

    @Test
    void configureLeavesAQueuedJobQueuedAndRunRunsItToTheEnd() throws IOException {
        Path artifact = Files.writeString(tmp.resolve("other.bin"), "weights");
        assertThat(run("register", "other", "1.0.0", "--artifact", artifact.toString(), "--metric", "accuracy=0.5")
                .exit()).isZero();
        String id;
        try (Orchestrator o = Orchestrator.open(OrchestratorConfig.of(data))) {
            id = o.retrainer().request("other", "labels fixed").job().orElseThrow().id();
        }
        configure("other", fixed("0.05", "auto"));
        JsonNode queued = run("job", id, "--json").json();
        assertThat(queued.get("state").asText()).isEqualTo("queued");
        assertThat(queued.get("attempts").asInt()).as("configure must not start an attempt it would interrupt").isZero();

        CliRun r = run("retrain", "run", "other");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.errLines()).hasSize(4);
        assertThat(r.errLines().getFirst()).isEqualTo("request merged into model 'other''s active retrain job " + id
                + ": manual request");
        assertThat(r.errLines().getLast()).isEqualTo("promoted other 1.0.1 to 'production' (no version held it): no"
                + " version holds 'production'; candidate 1.0.1 has accuracy=0.95");
        JsonNode job = run("job", id, "--json").json();
        assertThat(job.get("state").asText()).isEqualTo("succeeded");
        assertThat(job.get("reasons").toString()).isEqualTo("[\"labels fixed\",\"manual request\"]");
        assertThat(run("show", "other", "production").json().get("version").asText()).isEqualTo("1.0.1");
    }

    @Test
    void malformedCommandLinesAndUnknownNamesAreOneLineOnStderr() {
        Object[][] cases = {
            {2, "expected a retrain command: configure, config or run", new String[] {"retrain"}},
            {2, "Missing required parameter: 'MODEL'", new String[] {"retrain", "run"}},
            {2, "Missing required parameter: 'VERSION'", new String[] {"approve", "cam"}},
            {1, "no model named 'nomodel' is registered [not_found]", new String[] {"retrain", "run", "nomodel"}},
            {1, "no model named 'nomodel' is registered [not_found]", new String[] {"jobs", "nomodel"}},
            {1, "no model named 'nomodel' is registered [not_found]", new String[] {"promotions", "nomodel"}},
            {1, "no retrain job with id nope [not_found]", new String[] {"job", "nope"}},
            {1, "expected a semantic version like 1.2.3 for model 'cam', but got '1.2' [invalid_input]",
                new String[] {"approve", "cam", "1.2"}},
            {1, "expected an alias of at most", new String[] {"rollback", "cam", "--alias", "bad/alias"}},
        };
        for (Object[] c : cases) {
            String[] args = (String[]) c[2];
            CliRun r = run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo((int) c[0]);
            assertThat(r.out()).as(String.join(" ", args)).isEmpty();
            assertThat(r.errLines()).as(String.join(" ", args)).hasSize(1);
            assertThat(r.err()).as(String.join(" ", args)).startsWith("visutility: ").contains((String) c[1]);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
