#!/usr/bin/python3
"""Parity fixtures for our TPE sampler: what Optuna 3.1's TPESampler computes for fixed histories.

    /usr/bin/python3 scripts/tpe_parity.py > core/src/test/resources/tuning/tpe_parity.json

Needs Debian's python3-optuna 3.1 (with numpy and scipy), hence /usr/bin/python3. Standard library,
optuna and numpy only; nothing here reimplements Optuna: every number below comes from calling
Optuna's own TPESampler internals (optuna/samplers/_tpe/sampler.py, parzen_estimator.py) on the
history, so the file states what Optuna 3.1 does, and TpeParityTest checks that we do the same.

For each case (objective, seed, number of trials) the script runs Optuna's TPESampler(seed) with its
defaults for that many trials and records the history. Then, as if asking for the next trial, it
records for every parameter:

- "below", "above": the trial numbers of Optuna's good/bad split (_get_observation_pairs and
  _split_observation_pairs, as sample_independent calls them);
- "l", "g": the two Parzen estimators: for numeric parameters the axis (low, high, q), the kernels'
  mus and sigmas (observations oldest first, the prior last) and the normalised mixture weights; for
  categoricals the mixture weights and the resulting per-choice probabilities;
- "points", "log_l", "log_g": the estimators' log densities at a fixed list of parameter values
  (external values, as a trial would hold them; categoricals by choice index);
- "scripted": Optuna's candidate draw and choice with a scripted random source: numpy.random
  .RandomState is subclassed so that it hands out the listed uniforms (the first 24 choose the
  kernels, the next 24 the value within each kernel), and TPESampler.sample_independent is called
  with it. "candidates" are the 24 values drawn (from _ParzenEstimator.sample with the same
  uniforms) with their log l and log g, "chosen" the value sample_independent returned.

"argsort" lists tie-heavy and structured arrays with numpy's default (unstable introsort) argsort of
them, the order in which Optuna 3.1 assigns bandwidths to kernels at equal positions.

    /usr/bin/python3 scripts/tpe_parity.py --runs 20 --out core/src/test/resources/tuning/optuna31_runs.json

instead records Optuna's benchmark runs (TPESampler(seed) with its defaults, seeds 0..19, 50 trials,
the five objectives of TunerBenchmark): every trial's parameters and value, plus a few numbers of
numpy's RandomState(seed), for OptunaReplayTest, which replays them with our TPE fed the same random
numbers. Their benchmark table goes to stderr (it is Optuna's published table). About 40 s.
"""
import argparse
import json
import logging
import math
import sys

import numpy as np
import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.samplers._tpe import sampler as tpe_module
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator

N_CANDIDATES = 24  # TPESampler's default n_ei_candidates


# --- objectives, as in bench/src/main/java/io/visutility/bench/TunerBenchmark.java -----------------

def rosenbrock4_space():
    return {f"x{i}": FloatDistribution(-5, 10) for i in range(4)}


def rosenbrock4(p):
    x = [p[f"x{i}"] for i in range(4)]
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(3))


H_ALPHA = [1.0, 1.2, 3.0, 3.2]
H_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8],
       [17, 8, 0.05, 10, 0.1, 14]]
H_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
       [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]


def hartmann6_space():
    return {f"x{i}": FloatDistribution(0, 1) for i in range(6)}


def hartmann6(p):
    total = 0.0
    for k in range(4):
        inner = sum(H_A[k][j] * (p[f"x{j}"] - 1e-4 * H_P[k][j]) ** 2 for j in range(6))
        total += H_ALPHA[k] * math.exp(-inner)
    return -total


def toy_cv_train7_space():
    return {
        "optimizer": CategoricalDistribution(["sgd", "adam", "adamw"]),
        "lr": FloatDistribution(1e-5, 1, log=True),
        "weight_decay": FloatDistribution(1e-6, 1e-1, log=True),
        "batch_size": IntDistribution(16, 512, log=True),
        "epochs": IntDistribution(5, 100, step=5),
        "augment": CategoricalDistribution(["none", "light", "heavy"]),
        "dropout": FloatDistribution(0, 0.5),
    }


def toy_cv_train7(p):
    o = ["sgd", "adam", "adamw"].index(p["optimizer"])
    a = ["none", "light", "heavy"].index(p["augment"])
    optimizer_offset = [0.010, 0.004, 0.0]
    lr0 = [-1, -3, -3]
    lr_slope = [1.0, 0.5, 0.5]
    wd0 = [-4, -5, -2]
    augment_offset = [0.020, 0.0, 0.006]
    best_dropout = [0.30, 0.15, 0.05]
    batch = float(p["batch_size"])
    epochs = float(p["epochs"])
    lr_star = lr0[o] + lr_slope[o] * math.log10(batch / 256)
    lr = math.log10(p["lr"]) - lr_star
    wd = math.log10(p["weight_decay"]) - wd0[o]
    bs = math.log(batch) / math.log(2) - 7
    dropout = p["dropout"] - best_dropout[a]
    return (0.05 + optimizer_offset[o] + augment_offset[a] + 0.03 * lr * lr + 0.004 * wd * wd
            + 0.002 * bs * bs + 0.4 / epochs + 1e-4 * epochs + 0.2 * dropout * dropout)


def ties3_space():
    return {
        "k": IntDistribution(0, 10),
        "s": FloatDistribution(0, 1, step=0.1),
        "m": IntDistribution(1, 9, step=2),
    }


def ties3(p):
    """Not a benchmark objective: discrete parameters whose prior kernels sit on a grid value (5, 0.5
    and 5), with the optimum there too, so that many kernels share a position with each other and
    with the prior, and objective values tie. Maximised, to cover the direction."""
    return -((p["k"] - 5) ** 2 + round(10 * (p["s"] - 0.5) ** 2, 6) + (p["m"] - 5) ** 2 / 4)


def branin2_space():
    return {"x1": FloatDistribution(-5, 10), "x2": FloatDistribution(0, 15)}


def branin2(p):
    b = 5.1 / (4 * math.pi * math.pi)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    u = p["x2"] - b * p["x1"] * p["x1"] + c * p["x1"] - 6
    return u * u + 10 * (1 - t) * math.cos(p["x1"]) + 10


def styblinski_tang4_space():
    return {f"x{i}": FloatDistribution(-5, 5) for i in range(4)}


def styblinski_tang4(p):
    return sum(0.5 * (x ** 4 - 16 * x * x + 5 * x) for x in (p[f"x{i}"] for i in range(4)))


# name: (space, objective, direction)
OBJECTIVES = {
    "branin2": (branin2_space, branin2, "minimize"),
    "styblinski_tang4": (styblinski_tang4_space, styblinski_tang4, "minimize"),
    "rosenbrock4": (rosenbrock4_space, rosenbrock4, "minimize"),
    "hartmann6": (hartmann6_space, hartmann6, "minimize"),
    "toy_cv_train7": (toy_cv_train7_space, toy_cv_train7, "minimize"),
    "ties3": (ties3_space, ties3, "maximize"),
}

# (objective, seed, trials in the history); 12 is just past the 10 random startup trials, from 29 on
# the bad set has more than 25 observations (so its weights ramp), 50 is the benchmark's length.
# Kernels at equal positions get their bandwidths in numpy's argsort order, which is not stable from
# 17 kernels on: epochs, batch_size and ties3 have many such ties.
CASES = [
    ("toy_cv_train7", 0, 12), ("toy_cv_train7", 0, 30), ("toy_cv_train7", 0, 50),
    ("toy_cv_train7", 1, 30), ("toy_cv_train7", 1, 50),
    ("toy_cv_train7", 2, 50), ("toy_cv_train7", 3, 50),
    ("rosenbrock4", 0, 30), ("rosenbrock4", 0, 50), ("rosenbrock4", 1, 30),
    ("hartmann6", 0, 50),
    ("ties3", 0, 30), ("ties3", 0, 60), ("ties3", 1, 60),
]


def space_json(space):
    """The space in our SearchSpace JSON format."""
    out = {}
    for name, d in space.items():
        if isinstance(d, CategoricalDistribution):
            out[name] = {"type": "categorical", "choices": list(d.choices)}
        elif isinstance(d, FloatDistribution):
            out[name] = {"type": "float", "low": d.low, "high": d.high}
            if d.log:
                out[name]["log"] = True
            if d.step is not None:
                out[name]["step"] = d.step
        else:
            out[name] = {"type": "int", "low": d.low, "high": d.high}
            if d.log:
                out[name]["log"] = True
            if d.step != 1:
                out[name]["step"] = d.step
    return out


def run_history(objective, seed, trials):
    space_fn, f, direction = OBJECTIVES[objective]
    space = space_fn()

    def wrapped(trial):
        p = {}
        for name, d in space.items():
            if isinstance(d, CategoricalDistribution):
                p[name] = trial.suggest_categorical(name, d.choices)
            elif isinstance(d, FloatDistribution):
                p[name] = trial.suggest_float(name, d.low, d.high, log=d.log, step=d.step)
            else:
                p[name] = trial.suggest_int(name, d.low, d.high, log=d.log, step=d.step)
        return f(p)

    study = optuna.create_study(direction=direction, sampler=optuna.samplers.TPESampler(seed=seed))
    study.optimize(wrapped, n_trials=trials)
    return space, study.trials


class ScriptedRandomState(np.random.RandomState):
    """A RandomState whose uniform draws are the given numbers, in order (Optuna's TPE only uses
    choice (through random_sample), uniform and rand)."""

    def __init__(self, uniforms):
        super().__init__(0)
        self.queue = list(uniforms)

    def _take(self, size):
        n = 1 if size is None else int(np.prod(size))
        if n > len(self.queue):
            raise RuntimeError("scripted uniforms exhausted")
        out = np.asarray(self.queue[:n], dtype=float)
        del self.queue[:n]
        return out[0] if size is None else out.reshape(size)

    def random_sample(self, size=None):
        return self._take(size)

    def uniform(self, low=0.0, high=1.0, size=None):
        assert low == 0 and high == 1
        return self._take(size)

    def rand(self, *shape):
        return self._take(shape if shape else None)

    def exhausted(self):
        return not self.queue


def fixed_points(d):
    """Parameter values (external) at which the densities are compared."""
    if isinstance(d, CategoricalDistribution):
        return list(range(len(d.choices)))
    if isinstance(d, IntDistribution):
        if d.log:
            return [v for v in [16, 17, 20, 24, 31, 32, 45, 64, 100, 128, 200, 255, 256, 300, 400, 500, 511, 512]
                    if d.low <= v <= d.high]
        return list(range(d.low, d.high + 1, d.step))
    if d.step is not None:
        return [d.low + k * d.step for k in range(int(round((d.high - d.low) / d.step)) + 1)]
    if d.log:
        lo, hi = math.log(d.low), math.log(d.high)
        return [min(d.high, max(d.low, math.exp(lo + (hi - lo) * k / 12))) for k in range(13)]
    return [d.low + (d.high - d.low) * k / 12 for k in range(13)]


def estimator_json(pe, name, d):
    out = {"weights": pe._weights.tolist()}
    if isinstance(d, CategoricalDistribution):
        out["probabilities"] = np.inner(pe._categorical_weights[name].T, pe._weights).tolist()
    else:
        out["low"] = float(pe._low[name])
        out["high"] = float(pe._high[name])
        out["q"] = None if pe._q[name] is None else float(pe._q[name])
        out["mus"] = pe._mus[name].tolist()
        out["sigmas"] = pe._sigmas[name].tolist()
    return out


def log_pdf(pe, name, d, values):
    arr = np.asarray(values, dtype=int if isinstance(d, CategoricalDistribution) else float)
    return pe.log_pdf({name: arr}).tolist()


def external(d, v):
    """A sampled value as a trial holds it (what sample_independent returns)."""
    if isinstance(d, CategoricalDistribution):
        return int(v)
    return d.to_external_repr(float(v))


def case_json(objective, seed, trials, uniform_rng):
    space, history = run_history(objective, seed, trials)
    direction = OBJECTIVES[objective][2]
    study = optuna.create_study(direction=direction)
    for t in history:
        study.add_trial(t)
    sampler = optuna.samplers.TPESampler(seed=seed)
    study.sampler = sampler
    asked = study.ask()
    frozen = study._storage.get_trial(asked._trial_id)
    numbers = [t.number for t in study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))]

    parameters = []
    for name, d in space.items():
        values, scores, violations = tpe_module._get_observation_pairs(study, [name], False, False)
        n = sum(s < float("inf") for s, v in scores)
        below_idx, above_idx = tpe_module._split_observation_pairs(scores, sampler._gamma(n), violations)
        config = np.asarray(values[name], dtype=float)
        below = {name: config[below_idx]}
        above = {name: config[above_idx]}
        params = sampler._parzen_estimator_parameters
        l_pe = _ParzenEstimator(below, {name: d}, params)
        g_pe = _ParzenEstimator(above, {name: d}, params)
        points = fixed_points(d)

        uniforms = uniform_rng.random_sample(2 * N_CANDIDATES).tolist()
        draw = ScriptedRandomState(uniforms)
        samples = l_pe.sample(draw, N_CANDIDATES)
        assert draw.exhausted()
        sampler._rng = ScriptedRandomState(uniforms)
        chosen = sampler.sample_independent(study, frozen, name, d)
        assert sampler._rng.exhausted()

        parameters.append({
            "name": name,
            "below": [numbers[i] for i in below_idx],
            "above": [numbers[i] for i in above_idx],
            "l": estimator_json(l_pe, name, d),
            "g": estimator_json(g_pe, name, d),
            "points": points,
            "log_l": log_pdf(l_pe, name, d, points),
            "log_g": log_pdf(g_pe, name, d, points),
            "scripted": {
                "kernel_uniforms": uniforms[:N_CANDIDATES],
                "value_uniforms": uniforms[N_CANDIDATES:],
                "candidates": [external(d, v) for v in samples[name]],
                "log_l": l_pe.log_pdf(samples).tolist(),
                "log_g": g_pe.log_pdf(samples).tolist(),
                "chosen": d.to_internal_repr(chosen) if isinstance(d, CategoricalDistribution) else chosen,
            },
        })
    return {
        "objective": objective,
        "seed": seed,
        "trials": trials,
        "direction": direction,
        "space": space_json(space),
        "history": [{"number": t.number, "params": t.params, "value": t.value} for t in history],
        "parameters": parameters,
    }


def argsort_cases(rng):
    """Random tie-heavy arrays, and structured ones (sorted, reversed, organ pipe, saw tooth, constant)."""
    arrays = []
    for size in [5, 16, 17, 18, 26, 28, 33, 46, 51, 64, 100, 257]:
        for distinct in [2, 5, 20]:
            arrays.append(rng.randint(0, distinct, size=size).astype(float))
    for size in [17, 40, 129, 300]:
        i = np.arange(size, dtype=float)
        arrays += [i, i[::-1].copy(), np.minimum(i, size - 1 - i), i % 7, i % 2, np.zeros(size),
                   np.concatenate([i[size // 2:], i[:size // 2]])]
    return [{"values": a.tolist(), "argsort": np.argsort(a).tolist()} for a in arrays]


def compact_json(value, indent=""):
    """JSON with objects spread over lines and arrays of scalars (and history entries) on one line."""
    def flat(v):
        return json.dumps(v, allow_nan=False, separators=(",", ":"))

    if isinstance(value, dict):
        if "number" in value and "params" in value:
            return flat(value)
        inner = indent + " "
        items = [f"{inner}{json.dumps(k)}: {compact_json(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        inner = indent + " "
        return "[\n" + ",\n".join(inner + compact_json(v, inner) for v in value) + "\n" + indent + "]"
    return flat(value)


BENCHMARK = ["branin2", "hartmann6", "rosenbrock4", "styblinski_tang4", "toy_cv_train7"]


def runs_json(seeds, trials):
    """Optuna's benchmark runs: every trial's parameters (in the space's order; categoricals by
    choice index) and value for TPESampler(seed) on each objective."""
    runs = []
    for objective in BENCHMARK:
        for seed in range(seeds):
            space, history = run_history(objective, seed, trials)
            params = [[d.to_internal_repr(t.params[name]) if isinstance(d, CategoricalDistribution)
                       else t.params[name] for name, d in space.items()] for t in history]
            runs.append({"objective": objective, "seed": seed, "params": params,
                         "values": [t.value for t in history]})
    return runs


def print_table(runs, out):
    """The benchmark table (median [25th, 75th percentile] of best@10/25/50) of the runs."""
    for objective in BENCHMARK:
        cells = []
        for k in (10, 25, 50):
            best = [min(r["values"][:k]) for r in runs if r["objective"] == objective]
            q = np.percentile(best, [50, 25, 75])
            cells.append("%.4g [%.4g, %.4g]" % tuple(q))
        print("| %s | TPE | %s |" % (objective, " | ".join(cells)), file=out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", help="write here instead of stdout")
    parser.add_argument("--runs", type=int, metavar="SEEDS",
                        help="instead: Optuna's benchmark runs, seeds 0..SEEDS-1 x 50 trials x 5 objectives "
                             "(every trial's parameters and value; for OptunaReplayTest), with their table "
                             "on stderr")
    args = parser.parse_args()
    optuna.logging.set_verbosity(logging.ERROR)
    import warnings
    warnings.simplefilter("ignore")

    if args.runs:
        runs = runs_json(args.runs, 50)
        print_table(runs, sys.stderr)
        doc = {
            "note": "Generated by /usr/bin/python3 scripts/tpe_parity.py --runs "
                    f"{args.runs} (Debian's python3-optuna {optuna.__version__}, numpy {np.__version__}): "
                    "TPESampler(seed=seed) with its defaults, 50 sequential trials: every trial's parameters "
                    "(in the space's order, categoricals by choice index) and value. "
                    "Do not edit by hand.",
            "mt19937": {str(seed): np.random.RandomState(seed).random_sample(6).tolist() for seed in (0, 1, 12345)},
            "runs": runs,
        }
        text = compact_json(doc)
        if args.out:
            with open(args.out, "w") as f:
                f.write(text + "\n")
        else:
            print(text)
        return

    uniform_rng = np.random.RandomState(20240531)
    doc = {
        "note": "Generated by scripts/tpe_parity.py with Debian's python3-optuna "
                f"{optuna.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]} "
                "(/usr/bin/python3 scripts/tpe_parity.py > core/src/test/resources/tuning/tpe_parity.json). "
                "Do not edit by hand; see the script's docstring for what each field is.",
        "n_candidates": N_CANDIDATES,
        "cases": [case_json(o, s, n, uniform_rng) for o, s, n in CASES],
        "argsort": argsort_cases(np.random.RandomState(7)),
    }
    text = compact_json(doc)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
