package io.visutility.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecaySamplerTest {
    static final SearchSpace LR = SearchSpace.fromJson("{\"lr\":{\"type\":\"float\",\"low\":1e-6,\"high\":1,\"log\":true}}");

    @Test
    void multipliesByTheFactorEachTrialDownToTheFloorThenSaysExhausted() {
        Study study = Study.create(LR, Direction.MAXIMIZE, Sampler.decay(0.1, 0.8, 1e-5));

        List<Double> lrs = new ArrayList<>();
        Suggestion s;
        while ((s = study.ask()) instanceof Suggestion.Next next) {
            lrs.add(next.trial().doubleParam("lr"));
            study.tell(next.trial().number(), 0.5);
        }

        assertThat(lrs.get(0)).isEqualTo(0.1);
        assertThat(lrs.get(1)).isCloseTo(0.08, within(1e-15));
        assertThat(lrs.get(2)).isCloseTo(0.064, within(1e-15));
        assertThat(lrs.get(3)).isCloseTo(0.0512, within(1e-15));
        for (int k = 0; k < 42; k++) {
            assertThat(lrs.get(k)).isCloseTo(0.1 * Math.pow(0.8, k), within(1e-12));
        }
        // 0.1 · 0.8^42 ≈ 8.5e-6 is below the floor, so trial 42 gets the floor and is the last.
        assertThat(lrs).hasSize(43).last().isEqualTo(1e-5);
        assertThat(s).isInstanceOf(Suggestion.Exhausted.class);
        assertThat(((Suggestion.Exhausted) s).reason())
                .isEqualTo("'lr' reached its floor 1.0E-5 after 43 trials; decaying by 0.8 cannot move it further");
        assertThat(study.trials()).hasSize(43);
    }

    @Test
    void continuesFromTheLastTrialOfARebuiltStudy() {
        Study original = Study.create(LR, Direction.MINIMIZE, Sampler.decay(0.1, 0.8, 1e-5));
        for (int i = 0; i < 3; i++) {
            original.ask();
        }

        Study rebuilt = Study.replay(LR, Direction.MINIMIZE, Sampler.decay(0.1, 0.8, 1e-5), original.events());

        assertThat(rebuilt.ask().orElseThrow().doubleParam("lr")).isEqualTo(original.ask().orElseThrow().doubleParam("lr"))
                .isCloseTo(0.0512, within(1e-15));
    }

    @Test
    void theParametersLowIsAFloorToo() {
        SearchSpace narrow = SearchSpace.of(Parameter.logFloat("lr", 0.05, 1));
        Study study = Study.create(narrow, Direction.MINIMIZE, Sampler.decay(0.1, 0.8, 1e-5));

        List<Double> lrs = new ArrayList<>();
        while (study.ask() instanceof Suggestion.Next next) {
            lrs.add(next.trial().doubleParam("lr"));
        }

        assertThat(lrs).hasSize(5).last().isEqualTo(0.05);
    }

    @Test
    void refusesASpaceThatIsNotOneFloat() {
        Study study = Study.create(SearchSpace.fromJson(SearchSpaceTest.EXAMPLE), Direction.MINIMIZE,
                Sampler.decay(0.1, 0.8, 1e-5));

        assertThatThrownBy(study::ask).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the decay sampler tunes a space of exactly one float parameter without a step");
    }

    @Test
    void refusesNonsenseSchedules() {
        assertThatThrownBy(() -> Sampler.decay(0.1, 1.2, 1e-5)).hasMessage("decay: expected a factor within (0, 1) but got 1.2");
        assertThatThrownBy(() -> Sampler.decay(0.1, 0.8, 0.2)).hasMessage("decay: expected a floor within (0, initial=0.1] but got 0.2");
        assertThatThrownBy(() -> Sampler.decay(-1, 0.8, 1e-5)).hasMessage("decay: expected a positive initial value but got -1.0");
    }
}
