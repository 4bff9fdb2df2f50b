package io.visutility.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.event.Lineage;
import io.visutility.registry.JobState;
import io.visutility.registry.ModelVersion;
import io.visutility.registry.NewVersion;
import io.visutility.registry.Registry;
import io.visutility.registry.RetrainJob;
import io.visutility.registry.SequentialIds;
import io.visutility.registry.TestConfig;
import io.visutility.tuning.Direction;
import io.visutility.tuning.SearchSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that tunes: several trials per attempt, each a trainer run asked of and told to the study,
 * the best one registered; and the champion re-scored on the challenger's data.
 */
class MultiTrialRetrainTest {
    static final SearchSpace LR = SearchSpace.fromJson("""
            {"lr": {"type": "float", "low": 1e-4, "high": 1, "log": true}}""");

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(RetrainFlowTest.T0);
    final SequentialIds ids = new SequentialIds();

    OrchestratorConfig config() {
        return TestConfig.fast(dir).withClock(clock).withIds(ids);
    }

    /** Accuracy peaks at lr = 0.01 and falls off with the distance in decades. */
    static double peaked(Map<String, Object> params) {
        double lr = ((Number) params.get("lr")).doubleValue();
        return 0.95 - 0.1 * Math.abs(Math.log10(lr) + 2);
    }

    private static long steps(Orchestrator o, String model, String kind) {
        return o.registry().studies().steps(model, "default").stream()
                .filter(s -> s.step().get("type").asText().equals(kind)).count();
    }

    @Test
    void oneJobTrainsEveryTrialAndRegistersOnlyTheBest() throws Exception {
        ScriptedModel trained = new ScriptedModel(MultiTrialRetrainTest::peaked);
        try (Orchestrator o = Orchestrator.open(config())) {
            RetrainFlowTest.registerProduction(o, "gate", 0.50);
            o.retrainer().configure("gate", RetrainConfig.of(Trainer.inProcess(trained))
                    .withSearch(LR, SamplerChoice.tpe(3).withTpeStartupTrials(2))
                    .withPolicy(RetrainPolicy.defaults().withTrialsPerJob(5)));
            o.retrainer().request("gate", "tune");
            RetrainJob job = RetrainFlowTest.awaitEnded(o, "gate");
            RetrainFlowTest.awaitQuiet(o);

            assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(job.attempts()).isEqualTo(1);
            assertThat(trained.fits).hasSize(5);
            assertThat(steps(o, "gate", "trial_asked")).isEqualTo(5);
            assertThat(steps(o, "gate", "trial_completed")).isEqualTo(5);

            Map<String, Object> best = trained.params().stream()
                    .max((a, b) -> Double.compare(peaked(a), peaked(b))).orElseThrow();
            assertThat(o.registry().versions("gate")).extracting(ModelVersion::version).containsExactly("1.0.0", "1.0.1");
            ModelVersion v = o.registry().get("gate", "1.0.1").orElseThrow();
            assertThat(v.metrics().get("accuracy").asDouble()).isEqualTo(peaked(best));
            assertThat(v.params().get("lr").asDouble()).isEqualTo(((Number) best.get("lr")).doubleValue());
            assertThat(job.newVersion()).isEqualTo("1.0.1");
            assertThat(o.registry().alias("gate", "production").orElseThrow().version()).isEqualTo("1.0.1");

            String log = Files.readString(dir.resolve(job.log()));
            assertThat(log.lines().filter(l -> l.startsWith("=== trial "))).hasSize(5);
            assertThat(log).contains("=== trial 5 of 5 (study trial #");
        }
    }

    @Test
    void failedTrialsAreToldToTheStudyAndTheJobKeepsTheBestOfTheRest() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TrainableModel flaky = (params, parent) -> {
            int n = calls.incrementAndGet();
            if (n == 1 || n == 3) {
                throw new IOException("GPU fell off the bus (call " + n + ")");
            }
            return ScriptedModel.constant(0.6 + n / 100.0).fit(params, parent);
        };
        try (Orchestrator o = Orchestrator.open(config())) {
            RetrainFlowTest.registerProduction(o, "gate", 0.50);
            o.retrainer().configure("gate", RetrainConfig.of(Trainer.inProcess(flaky))
                    .withSearch(LR, SamplerChoice.random(1)).withPolicy(RetrainPolicy.defaults().withTrialsPerJob(4)));
            o.retrainer().request("gate", "tune");
            RetrainJob job = RetrainFlowTest.awaitEnded(o, "gate");
            RetrainFlowTest.awaitQuiet(o);

            assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(steps(o, "gate", "trial_failed")).isEqualTo(2);
            assertThat(steps(o, "gate", "trial_completed")).isEqualTo(2);
            assertThat(o.registry().get("gate", "1.0.1").orElseThrow().metrics().get("accuracy").asDouble())
                    .as("call 4 scored 0.64, call 2 0.62").isEqualTo(0.64);
            assertThat(Files.readString(dir.resolve(job.log()))).contains("): failed: fitting failed: java.io.IOException: GPU fell off the bus (call 1) ===")
                    .contains("GPU fell off the bus (call 3)");
        }
    }

    @Test
    void anAttemptWhoseTrialsAllFailFailsWithTheLastReasonAndRetries() throws Exception {
        TrainableModel broken = (params, parent) -> {
            throw new IOException("no data");
        };
        try (Orchestrator o = Orchestrator.open(config())) {
            RetrainFlowTest.registerProduction(o, "gate", 0.50);
            o.retrainer().configure("gate", RetrainConfig.of(Trainer.inProcess(broken))
                    .withSearch(LR, SamplerChoice.random(1)).withPolicy(RetrainPolicy.defaults().withTrialsPerJob(3)));
            o.retrainer().request("gate", "tune");
            RetrainFlowTest.awaitQuiet(o);
            RetrainJob job = o.registry().jobs().list("gate").getFirst();

            assertThat(job.state()).isEqualTo(JobState.FAILED);
            assertThat(job.failure()).startsWith("none of the 3 trials succeeded; the last trial 3: fitting failed: java.io.IOException: no data")
                    .contains("(attempt 1 of 3; retrying at ");
            assertThat(job.active()).as("waiting for its retry").isTrue();
            assertThat(steps(o, "gate", "trial_failed")).isEqualTo(3);
            assertThat(o.registry().versions("gate")).hasSize(1);
        }
    }

    private static ModelVersion version(Registry r, String v, Map<String, Double> metrics, String parent) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        metrics.forEach((k, x) -> m.put(k, DoubleNode.valueOf(x)));
        NewVersion n = NewVersion.of("gate", v, TestConfig.storeArtifact(r, v)).withMetrics(m);
        r.register(parent == null ? n : n.withLineage(new Lineage(parent, "job-1", "drift", null)));
        return r.get("gate", v).orElseThrow();
    }

    @Test
    void aRescoredChampionIsJudgedOnTheChallengersValidationData() throws Exception {
        try (Orchestrator o = Orchestrator.open(TestConfig.fast(dir))) {
            Registry r = o.registry();
            ModelVersion champion = version(r, "1.0.0", Map.of("accuracy", 0.95), null);
            ModelVersion challenger = version(r, "1.0.1", Map.of("accuracy", 0.90, "parent_accuracy", 0.61), "1.0.0");
            ModelVersion unscored = version(r, "1.0.2", Map.of("accuracy", 0.90), "1.0.0");
            ModelVersion otherParent = version(r, "1.0.3", Map.of("accuracy", 0.90, "parent_accuracy", 0.61), "1.0.1");

            PromotionPolicy registered = PromotionPolicy.defaults();
            assertThat(registered.judge(challenger, Optional.of(champion)).decision())
                    .as("0.90 on drifted data vs 0.95 on the old data").isEqualTo("kept");

            PromotionPolicy rescored = registered.withChampionValue(PromotionPolicy.ChampionValue.RESCORED);
            PromotionPolicy.Verdict v = rescored.judge(challenger, Optional.of(champion));
            assertThat(v.decision()).isEqualTo("promoted");
            assertThat(v.championValue()).isEqualTo(0.61);
            assertThat(v.reason()).isEqualTo("better: accuracy 0.9 (candidate 1.0.1) vs 0.61 (champion 1.0.0, "
                    + "re-scored on the candidate's validation data), maximize, improvement 0.29, required > 0 and ≥ 0.0");

            PromotionPolicy.Verdict fallback = rescored.judge(unscored, Optional.of(champion));
            assertThat(fallback.decision()).isEqualTo("kept");
            assertThat(fallback.championValue()).isEqualTo(0.95);
            assertThat(fallback.reason()).contains("(champion 1.0.0, as registered: the candidate has no parent_accuracy "
                    + "for it)");
            assertThat(rescored.judge(otherParent, Optional.of(champion)).championValue())
                    .as("the re-scored parent is not the champion").isEqualTo(0.95);

            PromotionPolicy loss = rescored.withMetric("loss", Direction.MINIMIZE);
            assertThat(loss.rescoredMetric()).isEqualTo("parent_loss");
        }
    }

    @Test
    void theConfigDocumentCarriesTrialsStartupTrialsAndTheChampionValue() {
        RetrainConfig c = RetrainConfigJson.parse("""
                {"trainer": {"command": ["java", "Train"]},
                 "space": {"lr": {"type": "float", "low": 0.001, "high": 1, "log": true}},
                 "sampler": {"name": "tpe", "seed": 5, "startup_trials": 3},
                 "policy": {"trials_per_job": 6},
                 "promotion": {"champion_value": "rescored"}}""");
        assertThat(c.policy().trialsPerJob()).isEqualTo(6);
        assertThat(c.sampler().tpeStartupTrials()).isEqualTo(3);
        assertThat(c.sampler().describe("m")).endsWith(", startup trials=3)");
        assertThat(c.promotion().championValue()).isEqualTo(PromotionPolicy.ChampionValue.RESCORED);
        RetrainConfig again = RetrainConfigJson.parse(RetrainConfigJson.toJson(c).toString());
        assertThat(RetrainConfigJson.toJson(again)).isEqualTo(RetrainConfigJson.toJson(c));
        assertThat(RetrainConfigJson.parse("{\"trainer\": {\"command\": [\"t\"]}}").policy().trialsPerJob())
                .isEqualTo(1);

        for (String[] bad : List.of(
                new String[] {"\"policy\": {\"trials_per_job\": 0}", "policy: expected 1 to 1000 trials per job but got 0"},
                new String[] {"\"sampler\": {\"name\": \"random\", \"startup_trials\": 2}",
                        "sampler: startup_trials applies to the tpe sampler only, not 'random'"},
                new String[] {"\"sampler\": {\"name\": \"tpe\", \"startup_trials\": -1}",
                        "sampler: expected startup_trials ≥ 0 but got -1"},
                new String[] {"\"promotion\": {\"champion_value\": \"best\"}",
                        "promotion: expected a champion value of registered or rescored but got 'best'"})) {
            assertThatThrownBy(() -> RetrainConfigJson.parse("{\"trainer\": {\"command\": [\"t\"]}, " + bad[0] + "}"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(bad[1]);
        }
    }
}
