package io.visutility.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.zafarkhaja.semver.Version;
import io.visutility.tuning.Direction;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Retry backoff, version bumps, sampler seeds and the retrain config document. */
class RetrainPoliciesTest {

    @Test
    void backoffDoublesFromTheSecondAttemptAndIsCapped() {
        RetrainPolicy p = RetrainPolicy.defaults().withRetries(8, Duration.ofMinutes(1), Duration.ofMinutes(5));
        assertThat(p.delayBefore(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.delayBefore(3)).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.delayBefore(4)).isEqualTo(Duration.ofMinutes(4));
        assertThat(p.delayBefore(5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.delayBefore(60)).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> RetrainPolicy.defaults().withRetries(3, Duration.ofMinutes(5), Duration.ofMinutes(1)))
                .hasMessage("expected the maximum backoff (PT1M) to be at least the backoff (PT5M)");
        assertThatThrownBy(() -> RetrainPolicy.defaults().withTimeout(Duration.ZERO))
                .hasMessage("expected a positive job timeout but got PT0S");
    }

    @Test
    void versionBumpsFollowSemanticVersioning() {
        assertThat(VersionBump.PATCH.next(Version.parse("1.2.3")).toString()).isEqualTo("1.2.4");
        assertThat(VersionBump.PATCH.next(Version.parse("1.3.0-rc.1")).toString()).isEqualTo("1.3.0");
        assertThat(VersionBump.MINOR.next(Version.parse("1.2.3")).toString()).isEqualTo("1.3.0");
        assertThat(VersionBump.MAJOR.next(Version.parse("1.2.3")).toString()).isEqualTo("2.0.0");
        assertThatThrownBy(() -> VersionBump.parse("micro"))
                .hasMessage("expected a version bump of patch, minor or major but got 'micro'");
    }

    @Test
    void eachModelGetsItsOwnStableSeed() {
        SamplerChoice c = SamplerChoice.tpe(42);
        assertThat(c.seedFor("north")).isEqualTo(c.seedFor("north")).isNotEqualTo(c.seedFor("south"));
        assertThat(c.describe("north")).startsWith("tpe(seed=42, model seed=");
        assertThatThrownBy(() -> new SamplerChoice("bayes", 1, 0.1, 0.8, 1e-5))
                .hasMessage("expected a sampler of tpe, random, grid or decay but got 'bayes'");
        assertThatThrownBy(() -> SamplerChoice.decay(0.1, 1.5, 1e-5)).hasMessageContaining("factor within (0, 1)");
    }

    @Test
    void theConfigDocumentRoundTripsAndRefusesWhatItDoesNotKnow() {
        RetrainConfig c = RetrainConfigJson.parse("""
                {"trainer": {"command": ["python3", "train.py", "--data", "/data/cams"]},
                 "space": {"lr": {"type": "float", "low": 1e-5, "high": 1, "log": true}},
                 "sampler": {"name": "tpe", "seed": 42},
                 "policy": {"cooldown_seconds": 600, "max_attempts": 2, "bump": "minor"},
                 "promotion": {"metric": "loss", "direction": "minimize", "min_improvement": 0.01, "mode": "manual"}}""");
        assertThat(c.policy().cooldown()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.policy().maxAttempts()).isEqualTo(2);
        assertThat(c.policy().bump()).isEqualTo(VersionBump.MINOR);
        assertThat(c.policy().timeout()).isEqualTo(RetrainPolicy.defaults().timeout());
        assertThat(c.promotion().direction()).isEqualTo(Direction.MINIMIZE);
        assertThat(c.promotion().mode()).isEqualTo(PromotionPolicy.Mode.MANUAL);
        assertThat(c.study()).isEqualTo("default");
        RetrainConfig again = RetrainConfigJson.parse(RetrainConfigJson.toJson(c).toString());
        assertThat(RetrainConfigJson.toJson(again)).isEqualTo(RetrainConfigJson.toJson(c));
        assertThat(again.space()).isEqualTo(c.space());

        assertThatThrownBy(() -> RetrainConfigJson.parse("{\"trainer\": {\"command\": \"python3 train.py\"}}"))
                .hasMessageStartingWith("trainer.command: expected a non-empty array of strings");
        assertThatThrownBy(() -> RetrainConfigJson.parse("{\"trainer\": {\"command\": [\"t\"]}, \"policy\": "
                + "{\"cooldown\": 5}}")).hasMessageStartingWith("policy: unknown field 'cooldown'");
        assertThatThrownBy(() -> RetrainConfigJson.parse("{\"trainer\": {\"command\": [\"t\"]}, \"policy\": "
                + "{\"max_attempts\": 0}}")).hasMessage("policy: expected at least 1 attempt per job but got 0");
        assertThatThrownBy(() -> RetrainConfigJson.parse("{\"trainer\": {\"command\": [\"t\"]}, \"space\": "
                + "{\"lr\": {\"type\": \"float\", \"low\": 0, \"high\": 1, \"log\": true}}}"))
                .hasMessageStartingWith("space: ").hasMessageContaining("lr");
        assertThatThrownBy(() -> RetrainConfigJson.parse("{\"space\": {}}"))
                .hasMessageContaining("expected \"trainer\"");
        assertThatThrownBy(() -> RetrainConfigJson.parse("{nope")).hasMessageStartingWith("retrain config is not valid JSON");
        assertThatThrownBy(() -> RetrainConfigJson.toJson(RetrainConfig.of(Trainer.inProcess(ScriptedModel.constant(1)))))
                .hasMessageContaining("only a command trainer");
    }
}
