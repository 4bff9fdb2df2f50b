package io.visutility.tuning;

import io.visutility.tuning.Parameter.CategoricalParam;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Tree-structured Parzen Estimator, after Bergstra, Bardenet, Bengio &amp; Kégl, "Algorithms for
 * Hyper-Parameter Optimization" (NIPS 2011), with the defaults and refinements of Optuna 3.1's
 * {@code TPESampler} and constant liar.
 *
 * <h2>Implementation notes</h2>
 * <ul>
 *   <li>Until {@code startupTrials} trials have finished (complete or pruned), trials are random,
 *       drawn exactly as {@link RandomSampler} with the same seed draws them.</li>
 *   <li>Finished trials are ranked: complete ones by loss (value, negated when maximising), then
 *       pruned ones by their last intermediate value, then pruned ones without. The best
 *       {@code γ(n) = min(⌈0.1·n⌉, 25)} of the n finished trials are "good" and define l(x); the rest,
 *       plus every running trial when constant liar is on (a running trial is a bad result with the
 *       worst value), define g(x). Failed trials are ignored. As in Optuna 3.1 with constant liar,
 *       running trials count neither in n nor among the good ones (its {@code sample_independent}
 *       leaves them out of n and ranks them last), so concurrent workers never make the good set out
 *       of lies.</li>
 *   <li>Each parameter is sampled on its own (univariate TPE). Within each set observations are
 *       ordered oldest first, which is the order {@link ParzenWeights} ramps over.</li>
 *   <li>Densities: {@link NumericParzen} (truncated normals, magic clip, prior kernel, log space for
 *       log parameters, half-step widening for discrete ones) and {@link CategoricalParzen}. By default
 *       continuous kernels are evaluated as Optuna 3.1 evaluates them, without the 1/σ factor
 *       (optuna/optuna#5109); see {@link TpeSettings#optuna31Densities()}.</li>
 *   <li>Kernels at equal positions (repeated int or stepped values, or the prior) get their bandwidths
 *       in the order numpy's default, unstable argsort leaves them in, as in Optuna 3.1
 *       ({@link Numpy#argsort}).</li>
 *   <li>{@code eiCandidates} candidates are drawn from l, each with two uniforms (which kernel, then
 *       where in it), and the one maximising {@code log l(x) − log g(x)} wins (the first one on ties);
 *       densities are summed by log-sum-exp. A candidate is scored at the value it stands for: a log
 *       int's draw is rounded to an integer first and scored at its logarithm, as Optuna 3.1 scores it.</li>
 *   <li>Given the same uniforms, the choices are Optuna 3.1's (tested against Optuna's own runs:
 *       {@code TpeParityTest}, {@code OptunaReplayTest}).</li>
 *   <li>Randomness: parameter i of trial t draws from a stream seeded by (seed, t, i) only.</li>
 * </ul>
 */
final class TpeSampler implements Sampler {
    private final long seed;
    private final TpeSettings settings;

    TpeSampler(long seed, TpeSettings settings) {
        this.seed = seed;
        this.settings = settings;
    }

    @Override
    public Proposal propose(History history) {
        int number = history.nextTrialNumber();
        Split split = split(history);
        if (split == null) {
            return new Proposal.Params(RandomSampler.sample(history.space(), seed, number));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        List<Parameter> parameters = history.space().parameters();
        int candidates = settings.eiCandidates();
        double[] kernelUniforms = new double[candidates];
        double[] valueUniforms = new double[candidates];
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            SplittableRandom random = Seeds.stream(seed, number, i);
            for (int c = 0; c < candidates; c++) {
                kernelUniforms[c] = random.nextDouble();
                valueUniforms[c] = random.nextDouble();
            }
            values.put(p.name(), choose(p, split, kernelUniforms, valueUniforms));
        }
        return new Proposal.Params(values);
    }

    /** The good ("below") and bad ("above") trials TPE models, each oldest first. */
    record Split(List<Trial> below, List<Trial> above) {}

    /**
     * Splits the history as described in the class comment, or returns null while fewer than
     * {@code startupTrials} trials have finished (then the trial is random).
     */
    Split split(History history) {
        List<Trial> finished = new ArrayList<>();
        List<Trial> running = new ArrayList<>();
        for (Trial t : history.trials()) {
            switch (t.state()) {
                case COMPLETE, PRUNED -> finished.add(t);
                case RUNNING -> running.add(t);
                case FAILED -> { }
            }
        }
        int n = finished.size();
        if (n < settings.startupTrials()) {
            return null;
        }
        Direction direction = history.direction();
        finished.sort(Comparator.comparingDouble((Trial t) -> rankGroup(t))
                .thenComparingDouble(t -> rankLoss(t, direction))
                .thenComparingInt(Trial::number));
        int good = gamma(n);
        List<Trial> below = new ArrayList<>(finished.subList(0, good));
        List<Trial> above = new ArrayList<>(finished.subList(good, n));
        if (settings.constantLiar()) {
            above.addAll(running);
        }
        below.sort(Comparator.comparingInt(Trial::number));
        above.sort(Comparator.comparingInt(Trial::number));
        return new Split(below, above);
    }

    /** The number of good trials among n finished ones: min(⌈0.1·n⌉, 25). */
    static int gamma(int n) {
        return Math.min((int) Math.ceil(0.1 * n), 25);
    }

    private static int rankGroup(Trial t) {
        if (t.state() == TrialState.COMPLETE) {
            return 0;
        }
        return t.value().isPresent() ? 1 : 2;
    }

    private static double rankLoss(Trial t, Direction direction) {
        return t.value().isPresent() ? direction.loss(t.value().getAsDouble()) : 0;
    }

    /**
     * The value of {@code p} TPE chooses: the first of {@link #candidates} with the highest
     * {@code log l − log g}.
     */
    Object choose(Parameter p, Split split, double[] kernelUniforms, double[] valueUniforms) {
        Candidate best = null;
        for (Candidate c : candidates(p, split, kernelUniforms, valueUniforms)) {
            if (best == null || c.score() > best.score()) {
                best = c;
            }
        }
        return best.value();
    }

    /** A candidate value (as a trial holds it) with the log densities it is scored by. */
    record Candidate(Object value, double logL, double logG) {
        double score() {
            return logL - logG;
        }
    }

    /**
     * The candidates for {@code p}, in order: candidate c is drawn from l with the uniforms
     * {@code kernelUniforms[c]} (which kernel) and {@code valueUniforms[c]} (where in it).
     */
    List<Candidate> candidates(Parameter p, Split split, double[] kernelUniforms, double[] valueUniforms) {
        List<Candidate> out = new ArrayList<>(kernelUniforms.length);
        if (p instanceof CategoricalParam c) {
            CategoricalParzen l = fitCategorical(c, split.below());
            CategoricalParzen g = fitCategorical(c, split.above());
            for (int k = 0; k < kernelUniforms.length; k++) {
                int x = l.sample(kernelUniforms[k], valueUniforms[k]);
                out.add(new Candidate(c.choices().get(x), l.logDensity(x), g.logDensity(x)));
            }
            return out;
        }
        NumericScale scale = NumericScale.of(p);
        NumericParzen l = fitNumeric(scale, split.below());
        NumericParzen g = fitNumeric(scale, split.above());
        for (int k = 0; k < kernelUniforms.length; k++) {
            // Scored where the value it stands for lies: a log int's draw is rounded first (Optuna 3.1
            // scores the rounded value, too), a discrete one's snapped to its bin.
            Object value = scale.external(l.sample(kernelUniforms[k], valueUniforms[k]));
            double x = scale.internal(value);
            out.add(new Candidate(value, l.logDensity(x), g.logDensity(x)));
        }
        return out;
    }

    /** The Parzen estimator of a numeric parameter over {@code trials} (oldest first). */
    NumericParzen fitNumeric(NumericScale scale, List<Trial> trials) {
        return NumericParzen.fit(internal(scale, scale.parameter().name(), trials), scale.low(), scale.high(),
                scale.step(), settings.priorWeight(), settings.optuna31Densities());
    }

    /** The Parzen estimator of a categorical parameter over {@code trials} (oldest first). */
    CategoricalParzen fitCategorical(CategoricalParam p, List<Trial> trials) {
        return CategoricalParzen.fit(indices(p, trials), p.choices().size(), settings.priorWeight());
    }

    private static double[] internal(NumericScale scale, String name, List<Trial> trials) {
        double[] xs = new double[trials.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = scale.internal(trials.get(i).params().get(name));
        }
        return xs;
    }

    private static int[] indices(CategoricalParam p, List<Trial> trials) {
        int[] xs = new int[trials.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = p.indexOf(trials.get(i).params().get(p.name()));
        }
        return xs;
    }

    @Override
    public String toString() {
        return "tpe(seed=" + seed + ", " + settings + ")";
    }
}
