package io.visutility.bench;

import io.visutility.tuning.Direction;
import io.visutility.tuning.Parameter;
import io.visutility.tuning.Sampler;
import io.visutility.tuning.SearchSpace;
import io.visutility.tuning.Study;
import io.visutility.tuning.TpeSettings;
import io.visutility.tuning.Trial;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.function.ToDoubleFunction;

/**
 * The tuner benchmark (docs/tuning.md): five objectives (all minimised), TPE and random search, seeds
 * 0..19, 50 trials each, sequential ask/tell. Prints, per objective and sampler, the median [25th, 75th
 * percentile] over seeds of the best value after 10, 25 and 50 trials next to Optuna 3.1's published
 * figures for the same protocol, then whether our TPE's median best@50 is at most Optuna's TPE's and
 * below our random search's. Percentiles interpolate linearly (numpy's default).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.visutility.bench.TunerBenchmark [--seeds 20]
 * [--trials 50] [--densities optuna31|normalised]} (the last chooses {@link TpeSettings#optuna31Densities()}).
 */
public final class TunerBenchmark {
    private static final int[] CHECKPOINTS = {10, 25, 50};

    private TunerBenchmark() {}

    /** An objective with its space and Optuna 3.1's published figures: [checkpoint][median, p25, p75]. */
    record Objective(String name, double minimum, SearchSpace space, ToDoubleFunction<Trial> f,
            double[][] optunaTpe, double[][] optunaRandom) {}

    /** Median, 25th and 75th percentile of the best value at each checkpoint. */
    record Summary(double[][] figures) {}

    public static void main(String[] args) {
        int seeds = 20;
        int trials = 50;
        boolean optuna31Densities = true;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[i + 1]);
                case "--trials" -> trials = Integer.parseInt(args[i + 1]);
                case "--densities" -> optuna31Densities = switch (args[i + 1]) {
                    case "optuna31" -> true;
                    case "normalised" -> false;
                    default -> throw new IllegalArgumentException("expected --densities optuna31 or normalised");
                };
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; expected --seeds N, --trials N, --densities optuna31|normalised");
            }
        }
        TpeSettings settings = TpeSettings.defaults().withOptuna31Densities(optuna31Densities);
        if (trials < CHECKPOINTS[CHECKPOINTS.length - 1]) {
            throw new IllegalArgumentException("expected --trials ≥ 50 but got " + trials);
        }
        System.out.printf(Locale.ROOT, "Tuner benchmark: %d seeds × %d trials, all objectives minimised; Optuna 3.1's "
                + "figures are for seeds 0..19 × 50 trials%n%n", seeds, trials);
        System.out.println("| objective (minimum) | sampler | run | best@10 | best@25 | best@50 |");
        System.out.println("|---|---|---|---|---|---|");
        List<String> verdicts = new ArrayList<>();
        long tpeAskNanos = 0;
        long tpeAsks = 0;
        for (Objective objective : objectives()) {
            long start = System.nanoTime();
            Summary tpe = run(objective, seed -> Sampler.tpe(seed, settings), seeds, trials);
            tpeAskNanos += System.nanoTime() - start;
            tpeAsks += (long) seeds * trials;
            Summary random = run(objective, Sampler::random, seeds, trials);
            String label = objective.name() + " (" + fmt(objective.minimum()) + ")";
            System.out.println(row(label, "TPE", "ours", tpe.figures()));
            System.out.println(row(objective.name(), "TPE", "Optuna 3.1", objective.optunaTpe()));
            System.out.println(row(objective.name(), "Random", "ours", random.figures()));
            System.out.println(row(objective.name(), "Random", "Optuna 3.1", objective.optunaRandom()));
            double ours = tpe.figures()[2][0];
            double optuna = objective.optunaTpe()[2][0];
            double ourRandom = random.figures()[2][0];
            verdicts.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |", objective.name(), fmt(ours),
                    fmt(optuna), fmt(ourRandom), ours <= optuna ? "yes" : "no", ours < ourRandom ? "yes" : "no"));
        }
        System.out.println();
        System.out.println("| objective | our TPE median best@50 | Optuna TPE | our random | ≤ Optuna | < random |");
        System.out.println("|---|---|---|---|---|---|");
        verdicts.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "%nTPE wall time per trial (ask + objective + tell, incl. warm-up): %.3f ms%n",
                tpeAskNanos / 1e6 / tpeAsks);
    }

    static Summary run(Objective objective, LongFunction<Sampler> sampler, int seeds, int trials) {
        double[][] bests = new double[CHECKPOINTS.length][seeds];
        for (int seed = 0; seed < seeds; seed++) {
            Study study = Study.create(objective.space(), Direction.MINIMIZE, sampler.apply(seed));
            double best = Double.POSITIVE_INFINITY;
            int checkpoint = 0;
            for (int t = 1; t <= trials; t++) {
                Trial trial = study.ask().orElseThrow();
                double value = objective.f().applyAsDouble(trial);
                study.tell(trial.number(), value);
                best = Math.min(best, value);
                if (checkpoint < CHECKPOINTS.length && t == CHECKPOINTS[checkpoint]) {
                    bests[checkpoint++][seed] = best;
                }
            }
        }
        double[][] figures = new double[CHECKPOINTS.length][];
        for (int c = 0; c < CHECKPOINTS.length; c++) {
            double[] sorted = bests[c].clone();
            Arrays.sort(sorted);
            figures[c] = new double[] {percentile(sorted, 0.5), percentile(sorted, 0.25), percentile(sorted, 0.75)};
        }
        return new Summary(figures);
    }

    /** numpy's default ("linear") percentile of sorted values. */
    static double percentile(double[] sorted, double q) {
        double position = (sorted.length - 1) * q;
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    private static String row(String objective, String sampler, String source, double[][] figures) {
        StringBuilder s = new StringBuilder("| ").append(objective).append(" | ").append(sampler).append(" | ")
                .append(source).append(" |");
        for (double[] f : figures) {
            s.append(' ').append(cell(f)).append(" |");
        }
        return s.toString();
    }

    private static String cell(double[] f) {
        return fmt(f[0]) + " [" + fmt(f[1]) + ", " + fmt(f[2]) + "]";
    }

    /** Four significant digits, without exponent or trailing zeros (14560, 0.5703, −2.761). */
    static String fmt(double v) {
        if (v == 0) {
            return "0";
        }
        String s = new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        return s.startsWith("-") ? "−" + s.substring(1) : s;
    }

    static List<Objective> objectives() {
        return List.of(branin(), hartmann6(), rosenbrock4(), styblinskiTang4(), toyCvTrain7());
    }

    private static double[][] figures(double... v) {
        return new double[][] {{v[0], v[1], v[2]}, {v[3], v[4], v[5]}, {v[6], v[7], v[8]}};
    }

    static Objective branin() {
        SearchSpace space = SearchSpace.of(Parameter.floatRange("x1", -5, 10), Parameter.floatRange("x2", 0, 15));
        return new Objective("branin2", 0.397887, space,
                t -> branin(t.doubleParam("x1"), t.doubleParam("x2")),
                figures(5.801, 2.677, 10.41, 0.9798, 0.6422, 1.539, 0.5703, 0.5069, 0.6003),
                figures(5.801, 2.677, 10.41, 1.86, 0.8553, 4.232, 1.144, 0.5618, 1.856));
    }

    static double branin(double x1, double x2) {
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        double u = x2 - b * x1 * x1 + c * x1 - 6;
        return u * u + 10 * (1 - t) * Math.cos(x1) + 10;
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
        return new Objective("hartmann6", -3.32237, SearchSpace.of(ps), t -> {
            double sum = 0;
            for (int k = 0; k < 4; k++) {
                double inner = 0;
                for (int j = 0; j < 6; j++) {
                    double d = t.doubleParam("x" + j) - 1e-4 * H_P[k][j];
                    inner += H_A[k][j] * d * d;
                }
                sum += H_ALPHA[k] * Math.exp(-inner);
            }
            return -sum;
        },
                figures(-0.7075, -1.158, -0.4752, -1.934, -2.435, -1.606, -2.761, -2.879, -2.553),
                figures(-0.7075, -1.158, -0.4752, -1.15, -1.648, -0.9323, -1.768, -2.097, -1.367));
    }

    static Objective rosenbrock4() {
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ps.add(Parameter.floatRange("x" + i, -5, 10));
        }
        return new Objective("rosenbrock4", 0, SearchSpace.of(ps), t -> {
            double sum = 0;
            for (int i = 0; i < 3; i++) {
                double x = t.doubleParam("x" + i);
                double next = t.doubleParam("x" + (i + 1));
                sum += 100 * (next - x * x) * (next - x * x) + (1 - x) * (1 - x);
            }
            return sum;
        },
                figures(14560, 8707, 37250, 1209, 684.4, 2542, 322.2, 165.2, 691),
                figures(14560, 8707, 37250, 5109, 2854, 10070, 2796, 862.3, 5724));
    }

    static Objective styblinskiTang4() {
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ps.add(Parameter.floatRange("x" + i, -5, 5));
        }
        return new Objective("styblinski_tang4", -156.664663, SearchSpace.of(ps), t -> {
            double sum = 0;
            for (int i = 0; i < 4; i++) {
                double x = t.doubleParam("x" + i);
                sum += 0.5 * (x * x * x * x - 16 * x * x + 5 * x);
            }
            return sum;
        },
                figures(-95.44, -105.8, -85.87, -118.6, -128.7, -106.6, -126.4, -134.8, -118.2),
                figures(-95.44, -105.8, -85.87, -101.9, -110.9, -97.22, -114.7, -122.1, -109));
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
        return new Objective("toy_cv_train7", 0.062654, space, TunerBenchmark::toyCv,
                figures(0.09382, 0.08089, 0.1009, 0.07479, 0.06946, 0.07833, 0.06827, 0.06706, 0.071),
                figures(0.09382, 0.08089, 0.1009, 0.08501, 0.07839, 0.0932, 0.07941, 0.07499, 0.08319));
    }

    static double toyCv(Trial t) {
        int o = List.of("sgd", "adam", "adamw").indexOf(t.stringParam("optimizer"));
        int a = List.of("none", "light", "heavy").indexOf(t.stringParam("augment"));
        double[] optimizerOffset = {0.010, 0.004, 0.0};
        double[] lr0 = {-1, -3, -3};
        double[] lrSlope = {1.0, 0.5, 0.5};
        double[] wd0 = {-4, -5, -2};
        double[] augmentOffset = {0.020, 0.0, 0.006};
        double[] bestDropout = {0.30, 0.15, 0.05};
        double batch = t.longParam("batch_size");
        double epochs = t.longParam("epochs");
        double lrStar = lr0[o] + lrSlope[o] * Math.log10(batch / 256);
        double lr = Math.log10(t.doubleParam("lr")) - lrStar;
        double wd = Math.log10(t.doubleParam("weight_decay")) - wd0[o];
        double bs = Math.log(batch) / Math.log(2) - 7;
        double dropout = t.doubleParam("dropout") - bestDropout[a];
        return 0.05 + optimizerOffset[o] + augmentOffset[a] + 0.03 * lr * lr + 0.004 * wd * wd + 0.002 * bs * bs
                + 0.4 / epochs + 1e-4 * epochs + 0.2 * dropout * dropout;
    }
}
