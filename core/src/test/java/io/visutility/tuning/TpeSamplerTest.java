package io.visutility.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class TpeSamplerTest {
    static final SearchSpace BRANIN = SearchSpace.of(Parameter.floatRange("x1", -5, 10), Parameter.floatRange("x2", 0, 15));

    static double branin(Trial t) {
        double x1 = t.doubleParam("x1");
        double x2 = t.doubleParam("x2");
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double u = x2 - b * x1 * x1 + c * x1 - 6;
        return u * u + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
    }

    static Study run(SearchSpace space, Sampler sampler, ToDoubleFunction<Trial> f, int trials) {
        Study study = Study.create(space, Direction.MINIMIZE, sampler);
        for (int i = 0; i < trials; i++) {
            Trial t = study.ask().orElseThrow();
            study.tell(t.number(), f.applyAsDouble(t));
        }
        return study;
    }

    @Test
    void beatsRandomSearchOnBraninOverSeveralSeeds() {
        int seeds = 9;
        double[] tpe = new double[seeds];
        double[] random = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            tpe[s] = run(BRANIN, Sampler.tpe(s), TpeSamplerTest::branin, 50).best().orElseThrow().value().getAsDouble();
            random[s] = run(BRANIN, Sampler.random(s), TpeSamplerTest::branin, 50).best().orElseThrow().value()
                    .getAsDouble();
        }
        Arrays.sort(tpe);
        Arrays.sort(random);

        assertThat(tpe[seeds / 2]).as("median best@50, TPE vs random %s", Arrays.toString(random))
                .isLessThan(random[seeds / 2]).isLessThan(0.8);
    }

    @Test
    void theFirstTenTrialsAreTheRandomSamplersWithTheSameSeed() {
        Study tpe = run(BRANIN, Sampler.tpe(3), TpeSamplerTest::branin, 12);
        Study random = run(BRANIN, Sampler.random(3), TpeSamplerTest::branin, 12);

        assertThat(params(tpe).subList(0, 10)).isEqualTo(params(random).subList(0, 10));
        assertThat(params(tpe).get(10)).isNotEqualTo(params(random).get(10));
    }

    @Test
    void theSameSeedAndHistoryGiveTheSameSuggestions() {
        SearchSpace space = SearchSpace.fromJson(SearchSpaceTest.EXAMPLE);
        Study a = Study.create(space, Direction.MINIMIZE, Sampler.tpe(42));
        Study b = Study.create(space, Direction.MINIMIZE, Sampler.tpe(42));
        Study other = Study.create(space, Direction.MINIMIZE, Sampler.tpe(43));
        StudyTest.runMixed(a, 30);
        StudyTest.runMixed(b, 30);
        StudyTest.runMixed(other, 30);

        assertThat(a.trials()).isEqualTo(b.trials());
        assertThat(params(a)).isNotEqualTo(params(other));
    }

    @Test
    void maximisingAValueIsMinimisingItsNegation() {
        Study min = run(BRANIN, Sampler.tpe(5), TpeSamplerTest::branin, 30);
        Study max = Study.create(BRANIN, Direction.MAXIMIZE, Sampler.tpe(5));
        for (int i = 0; i < 30; i++) {
            Trial t = max.ask().orElseThrow();
            max.tell(t.number(), -branin(t));
        }

        assertThat(params(max)).isEqualTo(params(min));
    }

    @Test
    void failedTrialsAreIgnoredAndRunningOnesToowithoutTheLiar() {
        Study study = run(BRANIN, Sampler.random(9), TpeSamplerTest::branin, 15);
        List<Trial> trials = new ArrayList<>(study.trials());
        Map<String, Object> corner = Map.of("x1", -5.0, "x2", 0.0);
        Trial failed = new Trial(15, BRANIN.validate(corner), TrialState.FAILED, OptionalDouble.empty(),
                Optional.of("crashed"));
        Trial running = new Trial(15, BRANIN.validate(corner), TrialState.RUNNING, OptionalDouble.empty(),
                Optional.empty());
        Sampler honest = Sampler.tpe(9, TpeSettings.defaults().withConstantLiar(false));
        Sampler liar = Sampler.tpe(9);

        Proposal withFailed = honest.propose(history(trials, failed));
        Proposal withRunning = honest.propose(history(trials, running));

        assertThat(withFailed).isEqualTo(withRunning);
        assertThat(liar.propose(history(trials, failed))).isEqualTo(withFailed);
        assertThat(liar.propose(history(trials, running))).isNotEqualTo(withFailed);
    }

    @Test
    void constantLiarSpreadsConcurrentAsks() {
        for (long seed = 0; seed < 5; seed++) {
            double with = batchSpread(seed, true);
            double without = batchSpread(seed, false);

            assertThat(with).as("seed %d: mean distance between 8 concurrent suggestions", seed).isGreaterThan(without);
        }
    }

    /** Mean pairwise distance (as a fraction of the ranges) of 8 asks made without telling, after 20 told trials. */
    private static double batchSpread(long seed, boolean liar) {
        Study study = run(BRANIN, Sampler.tpe(seed, TpeSettings.defaults().withConstantLiar(liar)),
                TpeSamplerTest::branin, 20);
        List<Trial> batch = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            batch.add(study.ask().orElseThrow());
        }
        assertThat(new HashSet<>(batch.stream().map(Trial::params).toList())).hasSize(8);
        double sum = 0;
        int pairs = 0;
        for (int a = 0; a < batch.size(); a++) {
            for (int b = a + 1; b < batch.size(); b++) {
                double d = Math.hypot((batch.get(a).doubleParam("x1") - batch.get(b).doubleParam("x1")) / 15,
                        (batch.get(a).doubleParam("x2") - batch.get(b).doubleParam("x2")) / 15);
                if (liar) {
                    assertThat(d).as("distance between concurrent suggestions").isGreaterThan(0.01);
                }
                sum += d;
                pairs++;
            }
        }
        return sum / pairs;
    }

    @Test
    void aConcurrentBatchWithTheLiarGetsDistinctValuesInEveryParameter() {
        SearchSpace space = SearchSpace.fromJson(SearchSpaceTest.EXAMPLE);
        Study study = Study.create(space, Direction.MINIMIZE, Sampler.tpe(1));
        StudyTest.runMixed(study, 20);

        List<Trial> batch = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            batch.add(study.ask().orElseThrow());
        }

        assertThat(batch.stream().map(t -> t.doubleParam("lr")).distinct()).hasSize(6);
        assertThat(batch).allSatisfy(t -> assertThat(t.state()).isEqualTo(TrialState.RUNNING));
    }

    private static History history(List<Trial> trials, Trial last) {
        List<Trial> all = new ArrayList<>(trials);
        all.add(last);
        return new History(BRANIN, Direction.MINIMIZE, all);
    }

    private static List<Map<String, Object>> params(Study study) {
        return study.trials().stream().<Map<String, Object>>map(Trial::params).toList();
    }
}
