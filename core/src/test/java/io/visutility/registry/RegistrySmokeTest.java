package io.visutility.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.DoubleNode;
import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import io.visutility.journal.FsyncPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrySmokeTest {
    @TempDir
    Path dir;

    @Test
    void registersPromotesDeprecatesAndRecovers() throws Exception {
        Path artifact = Files.writeString(dir.resolve("model.bin"), "weights");
        Path data = dir.resolve("data");
        try (Orchestrator o = Orchestrator.open(OrchestratorConfig.of(data).withFsync(FsyncPolicy.NONE))) {
            Registration r = o.registry().register(NewVersion.of("detector", "1.0.0", null)
                    .withMetrics(Map.of("f1", DoubleNode.valueOf(0.9))), artifact);
            assertThat(r.created()).isTrue();
            o.registry().register(NewVersion.of("detector", "1.1.0", null), artifact);
            o.registry().promote("detector", "1.1.0", null);
            o.registry().deprecate("detector", "1.1.0", "bad");
            assertThat(o.registry().latest("detector", false).orElseThrow().version()).isEqualTo("1.0.0");
            assertThatThrownBy(() -> o.registry().register(NewVersion.of("detector", "1.0", r.version().sha256())))
                    .hasMessageContaining("expected a semantic version like 1.2.3 for model 'detector', but got '1.2'".replace("1.2'", "1.0'"));
        }
        try (Orchestrator o = Orchestrator.open(OrchestratorConfig.of(data))) {
            assertThat(o.registry().versions("detector")).extracting(ModelVersion::version).containsExactly("1.0.0", "1.1.0");
            assertThat(o.registry().alias("detector", "production")).isEmpty();
            assertThat(o.registry().get("detector", "1.0.0").orElseThrow().metrics().get("f1").doubleValue()).isEqualTo(0.9);
        }
    }
}
