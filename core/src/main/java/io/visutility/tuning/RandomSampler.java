package io.visutility.tuning;

import io.visutility.tuning.Parameter.CategoricalParam;
import io.visutility.tuning.Parameter.FloatParam;
import io.visutility.tuning.Parameter.IntParam;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Independent uniform draws: a float uniformly in {@code [low, high]} (log-uniformly when log), a
 * stepped float or an int uniformly among its values, a log int log-uniformly over
 * {@code [low − ½, high + ½]} then rounded (as Optuna does), a choice uniformly.
 */
final class RandomSampler implements Sampler {
    private final long seed;

    RandomSampler(long seed) {
        this.seed = seed;
    }

    @Override
    public Proposal propose(History history) {
        return new Proposal.Params(sample(history.space(), seed, history.nextTrialNumber()));
    }

    /** The random values of trial {@code number}: parameter i draws from the stream (seed, number, i). */
    static Map<String, Object> sample(SearchSpace space, long seed, int number) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<Parameter> parameters = space.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            values.put(p.name(), sample(p, Seeds.stream(seed, number, i)));
        }
        return values;
    }

    static Object sample(Parameter parameter, SplittableRandom random) {
        return switch (parameter) {
            case FloatParam f when f.step().isPresent() -> ParamValues.onGrid(f, random.nextLong(f.stepCount()));
            case FloatParam f when f.log() -> {
                double x = Math.exp(Math.log(f.low()) + random.nextDouble() * (Math.log(f.high()) - Math.log(f.low())));
                yield Math.max(f.low(), Math.min(f.high(), x));
            }
            case FloatParam f -> Math.min(f.high(), f.low() + random.nextDouble() * (f.high() - f.low()));
            case IntParam i when i.log() -> {
                double lo = Math.log(i.low() - 0.5);
                double hi = Math.log(i.high() + 0.5);
                long v = Math.round(Math.exp(lo + random.nextDouble() * (hi - lo)));
                yield Math.max(i.low(), Math.min(i.high(), v));
            }
            case IntParam i -> i.low() + random.nextLong(i.stepCount()) * i.step();
            case CategoricalParam c -> c.choices().get(random.nextInt(c.choices().size()));
        };
    }

    @Override
    public String toString() {
        return "random(seed=" + seed + ")";
    }
}
