package io.visutility.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GridSamplerTest {

    @Test
    void walksTheCartesianProductFirstParameterSlowestThenSaysExhausted() {
        SearchSpace space = SearchSpace.fromJson("""
                {"opt":{"type":"categorical","choices":["sgd","adam"]},"epochs":{"type":"int","low":5,"high":15,"step":5}}""");
        Study study = Study.create(space, Direction.MINIMIZE, Sampler.grid());

        List<List<Object>> seen = new ArrayList<>();
        Suggestion s;
        while ((s = study.ask()) instanceof Suggestion.Next next) {
            seen.add(List.copyOf(next.trial().params().values()));
            study.tell(next.trial().number(), 0);
        }

        assertThat(seen).containsExactly(List.of("sgd", 5L), List.of("sgd", 10L), List.of("sgd", 15L),
                List.of("adam", 5L), List.of("adam", 10L), List.of("adam", 15L));
        assertThat(s).isEqualTo(new Suggestion.Exhausted("grid exhausted: all 6 points were suggested"));
        assertThat(study.trials()).hasSize(6);
        assertThatThrownBy(study.ask()::orElseThrow).isInstanceOf(SearchSpaceExhaustedException.class)
                .hasMessage("grid exhausted: all 6 points were suggested");
    }

    @Test
    void floatsWithoutAStepGetEvenlySpacedPointsGeometricOnALogScale() {
        SearchSpace space = SearchSpace.of(Parameter.logFloat("lr", 1e-4, 1), Parameter.floatRange("d", 0, 0.5));
        Study study = Study.create(space, Direction.MINIMIZE, Sampler.grid(5));

        List<Double> lrs = new ArrayList<>();
        List<Double> ds = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Trial t = study.ask().orElseThrow();
            if (i % 5 == 0) {
                lrs.add(t.doubleParam("lr"));
            }
            if (i < 5) {
                ds.add(t.doubleParam("d"));
            }
        }

        assertThat(lrs).usingElementComparator((a, b) -> Math.abs(a - b) <= 1e-15 * Math.abs(b) ? 0 : Double.compare(a, b))
                .containsExactly(1e-4, 1e-3, 1e-2, 1e-1, 1.0);
        assertThat(ds).containsExactly(0.0, 0.125, 0.25, 0.375, 0.5);
        assertThat(study.ask()).isInstanceOf(Suggestion.Exhausted.class);
    }

    @Test
    void pointsUsedByAnyTrialAreSkippedSoARebuiltStudyContinues() {
        SearchSpace space = SearchSpace.of(Parameter.intRange("n", 1, 4));
        Study study = Study.replay(space, Direction.MINIMIZE, Sampler.grid(), List.of(
                StudyEvent.asked(0, Map.of("n", 2)), new StudyEvent.TrialFailed(0, "crashed"),
                StudyEvent.asked(1, Map.of("n", 1))));

        assertThat(study.ask().orElseThrow().longParam("n")).isEqualTo(3);
        assertThat(study.ask().orElseThrow().longParam("n")).isEqualTo(4);
        assertThat(study.ask()).isInstanceOf(Suggestion.Exhausted.class);
    }

    @Test
    void refusesAGridTooLargeToWalk() {
        SearchSpace space = SearchSpace.of(Parameter.intRange("a", 0, 1_000_000), Parameter.intRange("b", 0, 1_000_000));
        Study study = Study.create(space, Direction.MINIMIZE, Sampler.grid());

        assertThatThrownBy(study::ask).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has more than 2147483647 points");
    }

    @Test
    void refusesFewerThanTwoPointsPerFloat() {
        assertThatThrownBy(() -> Sampler.grid(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected at least 2 grid points per float parameter but got 1");
    }
}
