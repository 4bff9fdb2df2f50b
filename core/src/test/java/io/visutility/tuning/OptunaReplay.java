package io.visutility.tuning;

import io.visutility.tuning.Parameter.CategoricalParam;
import io.visutility.tuning.Parameter.FloatParam;
import io.visutility.tuning.Parameter.IntParam;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * Our TPE driven by Optuna 3.1's random numbers: a study of the tuner benchmark (the objectives of
 * {@code TunerBenchmark}, minimised, sequential) in which every uniform our sampler would draw from
 * its own streams is instead the next number of the numpy stream Optuna 3.1's
 * {@code TPESampler(seed=seed)} draws it from, in Optuna's order:
 *
 * <ul>
 *   <li>startup trials (fewer than 10 finished) come from Optuna's {@code RandomSampler}, which has
 *       its own {@code RandomState(seed)}: per parameter one uniform over the parameter's transformed
 *       bounds (log scale for log parameters, widened by half a step for int and stepped ones), then
 *       rounded and clipped, or for a categorical one uniform per choice and the largest wins;</li>
 *   <li>TPE trials draw from the sampler's {@code RandomState(seed)}: per parameter 24 uniforms choose
 *       the candidates' kernels, then 24 more the values within them ({@link TpeSampler#choose}).</li>
 * </ul>
 *
 * <p>If our TPE computes what Optuna 3.1's computes, the runs are Optuna's runs. {@link
 * OptunaReplayTest} checks that against Optuna's recorded runs; {@link #main} prints the benchmark
 * table of the replayed runs for more seeds than are worth running in Python.
 */
final class OptunaReplay {
    static final int[] CHECKPOINTS = {10, 25, 50};

    private OptunaReplay() {}

    record Objective(String name, SearchSpace space, ToDoubleFunction<Map<String, Object>> f) {}

    /** Every trial's value of Optuna 3.1's run of {@code objective} with {@code seed}, as replayed by us. */
    static double[] run(Objective objective, long seed, int trials) {
        TpeSampler tpe = new TpeSampler(seed, TpeSettings.defaults());
        Mt19937 randomSamplerStream = new Mt19937(seed);
        Mt19937 tpeStream = new Mt19937(seed);
        SearchSpace space = objective.space();
        List<Trial> history = new ArrayList<>();
        double[] values = new double[trials];
        int candidates = TpeSettings.defaults().eiCandidates();
        for (int t = 0; t < trials; t++) {
            TpeSampler.Split split = tpe.split(new History(space, Direction.MINIMIZE, history));
            Map<String, Object> params = new LinkedHashMap<>();
            for (Parameter p : space.parameters()) {
                if (split == null) {
                    params.put(p.name(), startup(p, randomSamplerStream));
                } else {
                    double[] kernel = new double[candidates];
                    double[] value = new double[candidates];
                    for (int c = 0; c < candidates; c++) {
                        kernel[c] = tpeStream.nextDouble();
                    }
                    for (int c = 0; c < candidates; c++) {
                        value[c] = tpeStream.nextDouble();
                    }
                    params.put(p.name(), tpe.choose(p, split, kernel, value));
                }
            }
            var canonical = space.validate(params);
            values[t] = objective.f().applyAsDouble(canonical);
            history.add(new Trial(t, canonical, TrialState.COMPLETE, OptionalDouble.of(values[t]), Optional.empty()));
        }
        return values;
    }

    /** What {@link #check} found: decisions compared, and those that differ (with why). */
    record Check(int decisions, List<String> ties, List<String> mismatches) {}

    /**
     * Walks through a run Optuna 3.1 made, trial by trial: for each parameter, our choice given
     * Optuna's history so far and Optuna's random numbers against Optuna's choice; then Optuna's
     * trial joins the history whatever we chose. A differing TPE choice counts as a tie when Optuna's
     * value is among our candidates with a score within 1e-12 of the best one (two choices whose
     * scores are mathematically equal, decided by the last bits of the arithmetic: see
     * docs/tuning.md); anything else, and any value of ours for Optuna's parameters that is not
     * Optuna's value, is a mismatch.
     */
    static Check check(Objective objective, long seed, List<Map<String, Object>> optunaParams, double[] optunaValues) {
        TpeSampler tpe = new TpeSampler(seed, TpeSettings.defaults());
        Mt19937 randomSamplerStream = new Mt19937(seed);
        Mt19937 tpeStream = new Mt19937(seed);
        SearchSpace space = objective.space();
        int candidates = TpeSettings.defaults().eiCandidates();
        List<Trial> history = new ArrayList<>();
        int decisions = 0;
        List<String> ties = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        for (int t = 0; t < optunaParams.size(); t++) {
            var theirs = space.validate(optunaParams.get(t));
            TpeSampler.Split split = tpe.split(new History(space, Direction.MINIMIZE, history));
            for (Parameter p : space.parameters()) {
                Object expected = theirs.get(p.name());
                String where = objective.name() + " seed " + seed + " trial " + t + " " + p.name();
                decisions++;
                if (split == null) {
                    Object ours = startup(p, randomSamplerStream);
                    if (!same(ours, expected)) {
                        mismatches.add(where + " (random): ours " + ours + ", Optuna " + expected);
                    }
                    continue;
                }
                double[] kernel = new double[candidates];
                double[] value = new double[candidates];
                for (int c = 0; c < candidates; c++) {
                    kernel[c] = tpeStream.nextDouble();
                }
                for (int c = 0; c < candidates; c++) {
                    value[c] = tpeStream.nextDouble();
                }
                List<TpeSampler.Candidate> scored = tpe.candidates(p, split, kernel, value);
                TpeSampler.Candidate best = scored.get(0);
                for (TpeSampler.Candidate c : scored) {
                    if (c.score() > best.score()) {
                        best = c;
                    }
                }
                if (same(best.value(), expected)) {
                    continue;
                }
                double bestScore = best.score();
                boolean tie = scored.stream().anyMatch(c -> same(c.value(), expected)
                        && c.score() >= bestScore - 1e-12 * Math.max(1, Math.abs(bestScore)));
                (tie ? ties : mismatches).add(where + ": ours " + best.value() + ", Optuna " + expected
                        + " (best score " + bestScore + ")");
            }
            double ourValue = objective.f().applyAsDouble(theirs);
            if (Math.abs(ourValue - optunaValues[t]) > 1e-12 * Math.max(1, Math.abs(optunaValues[t]))) {
                mismatches.add(objective.name() + " seed " + seed + " trial " + t + ": objective " + ourValue
                        + ", Optuna's " + optunaValues[t]);
            }
            history.add(new Trial(t, theirs, TrialState.COMPLETE, OptionalDouble.of(optunaValues[t]), Optional.empty()));
        }
        return new Check(decisions, ties, mismatches);
    }

    private static boolean same(Object ours, Object expected) {
        if (ours instanceof Double a && expected instanceof Double b) {
            return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
        }
        return ours.equals(expected);
    }

    /** Optuna 3.1's RandomSampler draw for {@code p} (optuna/samplers/_random.py, optuna/_transform.py). */
    static Object startup(Parameter p, Mt19937 stream) {
        return switch (p) {
            case CategoricalParam c -> {
                int best = 0;
                double bestU = -1;
                for (int i = 0; i < c.choices().size(); i++) {
                    double u = stream.nextDouble();
                    if (u > bestU) {
                        best = i;
                        bestU = u;
                    }
                }
                yield c.choices().get(best);
            }
            case FloatParam f when f.log() -> Math.min(Math.exp(uniform(stream, Math.log(f.low()), Math.log(f.high()))),
                    Math.nextDown(f.high()));
            case FloatParam f when f.step().isPresent() -> {
                double q = f.step().getAsDouble();
                double x = uniform(stream, f.low() - 0.5 * q, f.high() + 0.5 * q);
                yield clip(Math.rint((x - f.low()) / q) * q + f.low(), f.low(), f.high());
            }
            case FloatParam f -> Math.min(uniform(stream, f.low(), f.high()), Math.nextDown(f.high()));
            case IntParam i when i.log() -> (long) clip(Math.rint(Math.exp(
                    uniform(stream, Math.log(i.low() - 0.5), Math.log(i.high() + 0.5)))), i.low(), i.high());
            case IntParam i -> {
                double half = 0.5 * i.step();
                double x = uniform(stream, i.low() - half, i.high() + half);
                yield (long) clip(Math.rint((x - i.low()) / i.step()) * i.step() + i.low(), i.low(), i.high());
            }
        };
    }

    /** numpy's {@code uniform(low, high)}: low + (high − low)·u. */
    private static double uniform(Mt19937 stream, double low, double high) {
        return low + (high - low) * stream.nextDouble();
    }

    private static double clip(double v, double low, double high) {
        return Math.max(low, Math.min(high, v));
    }

    // --- the benchmark objectives, as defined in TunerBenchmark and /work/shared/reference/tuning ---

    static List<Objective> objectives() {
        return List.of(branin2(), hartmann6(), rosenbrock4(), styblinskiTang4(), toyCvTrain7());
    }

    private static double x(Map<String, Object> p, String name) {
        return ((Number) p.get(name)).doubleValue();
    }

    static Objective branin2() {
        return new Objective("branin2", SearchSpace.of(Parameter.floatRange("x1", -5, 10),
                Parameter.floatRange("x2", 0, 15)), p -> {
                    double b = 5.1 / (4 * Math.PI * Math.PI);
                    double c = 5 / Math.PI;
                    double t = 1 / (8 * Math.PI);
                    double x1 = x(p, "x1");
                    double u = x(p, "x2") - b * x1 * x1 + c * x1 - 6;
                    return u * u + 10 * (1 - t) * Math.cos(x1) + 10;
                });
    }

    private static final double[] H_ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] H_A = {
        {10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
    private static final double[][] H_P = {
        {1312, 1696, 5569, 124, 8283, 5886}, {2329, 4135, 8307, 3736, 1004, 9991},
        {2348, 1451, 3522, 2883, 3047, 6650}, {4047, 8828, 8732, 5743, 1091, 381}};

    static Objective hartmann6() {
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ps.add(Parameter.floatRange("x" + i, 0, 1));
        }
        return new Objective("hartmann6", SearchSpace.of(ps), p -> {
            double sum = 0;
            for (int k = 0; k < 4; k++) {
                double inner = 0;
                for (int j = 0; j < 6; j++) {
                    double d = x(p, "x" + j) - 1e-4 * H_P[k][j];
                    inner += H_A[k][j] * d * d;
                }
                sum += H_ALPHA[k] * Math.exp(-inner);
            }
            return -sum;
        });
    }

    static Objective rosenbrock4() {
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ps.add(Parameter.floatRange("x" + i, -5, 10));
        }
        return new Objective("rosenbrock4", SearchSpace.of(ps), p -> {
            double sum = 0;
            for (int i = 0; i < 3; i++) {
                double xi = x(p, "x" + i);
                double next = x(p, "x" + (i + 1));
                sum += 100 * (next - xi * xi) * (next - xi * xi) + (1 - xi) * (1 - xi);
            }
            return sum;
        });
    }

    static Objective styblinskiTang4() {
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ps.add(Parameter.floatRange("x" + i, -5, 5));
        }
        return new Objective("styblinski_tang4", SearchSpace.of(ps), p -> {
            double sum = 0;
            for (int i = 0; i < 4; i++) {
                double xi = x(p, "x" + i);
                sum += 0.5 * (xi * xi * xi * xi - 16 * xi * xi + 5 * xi);
            }
            return sum;
        });
    }

    static Objective toyCvTrain7() {
        SearchSpace space = SearchSpace.fromJson("""
                {"optimizer": {"type": "categorical", "choices": ["sgd", "adam", "adamw"]},
                 "lr": {"type": "float", "low": 1e-5, "high": 1, "log": true},
                 "weight_decay": {"type": "float", "low": 1e-6, "high": 1e-1, "log": true},
                 "batch_size": {"type": "int", "low": 16, "high": 512, "log": true},
                 "epochs": {"type": "int", "low": 5, "high": 100, "step": 5},
                 "augment": {"type": "categorical", "choices": ["none", "light", "heavy"]},
                 "dropout": {"type": "float", "low": 0, "high": 0.5}}""");
        return new Objective("toy_cv_train7", space, p -> {
            int o = List.of("sgd", "adam", "adamw").indexOf(p.get("optimizer"));
            int a = List.of("none", "light", "heavy").indexOf(p.get("augment"));
            double[] optimizerOffset = {0.010, 0.004, 0.0};
            double[] lr0 = {-1, -3, -3};
            double[] lrSlope = {1.0, 0.5, 0.5};
            double[] wd0 = {-4, -5, -2};
            double[] augmentOffset = {0.020, 0.0, 0.006};
            double[] bestDropout = {0.30, 0.15, 0.05};
            double batch = x(p, "batch_size");
            double epochs = x(p, "epochs");
            double lrStar = lr0[o] + lrSlope[o] * Math.log10(batch / 256);
            double lr = Math.log10(x(p, "lr")) - lrStar;
            double wd = Math.log10(x(p, "weight_decay")) - wd0[o];
            double bs = Math.log(batch) / Math.log(2) - 7;
            double dropout = x(p, "dropout") - bestDropout[a];
            return 0.05 + optimizerOffset[o] + augmentOffset[a] + 0.03 * lr * lr + 0.004 * wd * wd
                    + 0.002 * bs * bs + 0.4 / epochs + 1e-4 * epochs + 0.2 * dropout * dropout;
        });
    }

    // --- the table ---

    /** numpy's default ("linear") percentile of sorted values. */
    static double percentile(double[] sorted, double q) {
        double position = (sorted.length - 1) * q;
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    static double best(double[] values, int first) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < first; i++) {
            best = Math.min(best, values[i]);
        }
        return best;
    }

    static String fmt(double v) {
        if (v == 0) {
            return "0";
        }
        String s = new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        return s.startsWith("-") ? "−" + s.substring(1) : s;
    }

    /**
     * Prints the benchmark table of Optuna 3.1's TPE as replayed here, seeds 0..N−1 (default 20):
     * {@code java -cp bench/target/benchmarks.jar:core/target/test-classes io.visutility.tuning.OptunaReplay [--seeds N]}.
     */
    public static void main(String[] args) {
        int seeds = args.length == 2 && args[0].equals("--seeds") ? Integer.parseInt(args[1]) : 20;
        System.out.printf(Locale.ROOT, "Optuna 3.1's TPE replayed (our TPE on numpy's MT19937 streams): %d seeds × 50 trials%n%n",
                seeds);
        System.out.println("| objective | best@10 | best@25 | best@50 |");
        System.out.println("|---|---|---|---|");
        for (Objective o : objectives()) {
            double[][] bests = new double[CHECKPOINTS.length][seeds];
            for (int s = 0; s < seeds; s++) {
                double[] values = run(o, s, 50);
                for (int c = 0; c < CHECKPOINTS.length; c++) {
                    bests[c][s] = best(values, CHECKPOINTS[c]);
                }
            }
            StringBuilder row = new StringBuilder("| " + o.name() + " |");
            for (double[] b : bests) {
                Arrays.sort(b);
                row.append(' ').append(fmt(percentile(b, 0.5))).append(" [").append(fmt(percentile(b, 0.25)))
                        .append(", ").append(fmt(percentile(b, 0.75))).append("] |");
            }
            System.out.println(row);
        }
    }
}
