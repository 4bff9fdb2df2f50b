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
 *       worst value), define g(x). Failed trials are ignored. Unlike Optuna 3.1, running trials
 *       count neither in n nor among the good ones (as in later Optuna releases), so concurrent
 *       workers never make the good set out of lies.</li>
 *   <li>Each parameter is sampled on its own (univariate TPE). Within each set observations are
 *       ordered oldest first, which is the order {@link ParzenWeights} ramps over.</li>
 *   <li>Densities: {@link NumericParzen} (truncated normals, magic clip, prior kernel, log space for
 *       log parameters, half-step widening for discrete ones) and {@link CategoricalParzen}. By default
 *       continuous kernels are evaluated as Optuna 3.1 evaluates them, without the 1/σ factor
 *       (optuna/optuna#5109); see {@link TpeSettings#optuna31Densities()}.</li>
 *   <li>Kernels at equal positions (repeated int or stepped values) are ordered by trial number when
 *       bandwidths are assigned; Optuna's order for such ties is numpy's unstable sort, so with more than
 *       25 observations (when weights differ) the two may weight repeated values slightly differently.</li>
 *   <li>{@code eiCandidates} candidates are drawn from l, and the one maximising
 *       {@code log l(x) − log g(x)} wins (the first one on ties); densities are summed by log-sum-exp.</li>
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
            return new Proposal.Params(RandomSampler.sample(history.space(), seed, number));
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

        Map<String, Object> values = new LinkedHashMap<>();
        List<Parameter> parameters = history.space().parameters();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            SplittableRandom random = Seeds.stream(seed, number, i);
            values.put(p.name(), p instanceof CategoricalParam c
                    ? sampleCategorical(c, below, above, random)
                    : sampleNumeric(NumericScale.of(p), below, above, random));
        }
        return new Proposal.Params(values);
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

    private Object sampleNumeric(NumericScale scale, List<Trial> below, List<Trial> above, SplittableRandom random) {
        String name = scale.parameter().name();
        NumericParzen l = NumericParzen.fit(internal(scale, name, below), scale.low(), scale.high(), scale.step(),
                settings.priorWeight(), settings.optuna31Densities());
        NumericParzen g = NumericParzen.fit(internal(scale, name, above), scale.low(), scale.high(), scale.step(),
                settings.priorWeight(), settings.optuna31Densities());
        double best = Double.NaN;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < settings.eiCandidates(); c++) {
            double x = l.sample(random);
            double score = l.logDensity(x) - g.logDensity(x);
            if (Double.isNaN(best) || score > bestScore) {
                best = x;
                bestScore = score;
            }
        }
        return scale.external(best);
    }

    private Object sampleCategorical(CategoricalParam p, List<Trial> below, List<Trial> above,
            SplittableRandom random) {
        int k = p.choices().size();
        CategoricalParzen l = CategoricalParzen.fit(indices(p, below), k, settings.priorWeight());
        CategoricalParzen g = CategoricalParzen.fit(indices(p, above), k, settings.priorWeight());
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < settings.eiCandidates(); c++) {
            int x = l.sample(random);
            double score = l.logDensity(x) - g.logDensity(x);
            if (best < 0 || score > bestScore) {
                best = x;
                bestScore = score;
            }
        }
        return p.choices().get(best);
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
