package io.visutility.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.DoubleNode;
import io.visutility.Orchestrator;
import io.visutility.registry.ModelVersion;
import io.visutility.registry.NewVersion;
import io.visutility.registry.Registry;
import io.visutility.registry.TestConfig;
import io.visutility.tuning.Direction;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Champion/challenger verdicts for each combination of direction, margin, mode and missing metrics. */
class PromotionPolicyTest {
    @TempDir
    Path dir;

    private static ModelVersion version(Registry r, String v, Map<String, Double> metrics) {
        java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> m = new java.util.LinkedHashMap<>();
        metrics.forEach((k, x) -> m.put(k, DoubleNode.valueOf(x)));
        r.register(NewVersion.of("gate", v, TestConfig.storeArtifact(r, v)).withMetrics(m));
        return r.get("gate", v).orElseThrow();
    }

    @Test
    void judgesChallengersAgainstTheChampion() throws Exception {
        try (Orchestrator o = Orchestrator.open(TestConfig.fast(dir))) {
            Registry r = o.registry();
            ModelVersion champion = version(r, "1.0.0", Map.of("accuracy", 0.90, "loss", 0.30));
            ModelVersion better = version(r, "1.0.1", Map.of("accuracy", 0.905, "loss", 0.25));
            ModelVersion worse = version(r, "1.0.2", Map.of("accuracy", 0.85, "loss", 0.40));
            ModelVersion equal = version(r, "1.0.3", Map.of("accuracy", 0.90));
            ModelVersion none = version(r, "1.0.4", Map.of("loss", 0.1));

            PromotionPolicy auto = PromotionPolicy.defaults();
            assertThat(auto.judge(better, Optional.of(champion)).decision()).isEqualTo("promoted");
            assertThat(auto.judge(worse, Optional.of(champion)).decision()).isEqualTo("kept");
            assertThat(auto.judge(equal, Optional.of(champion)).decision()).as("equal is not better").isEqualTo("kept");
            PromotionPolicy.Verdict missing = auto.judge(none, Optional.of(champion));
            assertThat(missing.decision()).isEqualTo("kept");
            assertThat(missing.reason()).isEqualTo("candidate 1.0.4 reported no 'accuracy' metric to compare");
            assertThat(auto.judge(better, Optional.of(none)).decision()).as("nothing to compare with: a person decides")
                    .isEqualTo("held");
            assertThat(auto.judge(better, Optional.empty()).decision()).isEqualTo("promoted");

            PromotionPolicy margin = auto.withMinImprovement(0.01);
            assertThat(margin.judge(better, Optional.of(champion)).decision()).as("+0.005 < 0.01").isEqualTo("kept");

            PromotionPolicy loss = auto.withMetric("loss", Direction.MINIMIZE);
            PromotionPolicy.Verdict v = loss.judge(better, Optional.of(champion));
            assertThat(v.decision()).isEqualTo("promoted");
            assertThat(v.candidateValue()).isEqualTo(0.25);
            assertThat(v.championValue()).isEqualTo(0.30);
            assertThat(loss.judge(worse, Optional.of(champion)).decision()).isEqualTo("kept");

            PromotionPolicy manual = auto.withMode(PromotionPolicy.Mode.MANUAL);
            assertThat(manual.judge(better, Optional.of(champion)).decision()).isEqualTo("held");
            assertThat(manual.judge(worse, Optional.of(champion)).decision()).isEqualTo("kept");
        }
    }
}
