#!/usr/bin/python3
"""Reference fixtures for the two-sample drift tests in io.visutility.drift.stats.

How to run (from the repository root):

    /usr/bin/python3 scripts/drift_fixtures.py

It needs Debian's python3-scipy 1.10 and python3-numpy (1.24), the interpreter at /usr/bin/python3;
a pyenv `python3` without scipy will not do. The output is deterministic (fixed seed) and is written to
core/src/test/resources/drift/stats/: one JSON file per sample pair (listed in index.json) and a pair
of CSV files with the expected per-feature results of comparing them (dataset_*.{csv,json}).

Every expected number comes from scipy/numpy, computed the way Evidently defines its drift tests
(the conventions the Java code reproduces):

  ks             scipy.stats.ks_2samp(reference, current), default arguments; drifted when p < 0.05
  chisquare      categories = union of both samples; f_exp = reference counts * len(cur)/len(ref),
                 f_obs = current counts; scipy.stats.chisquare(f_obs, f_exp); drifted when p < 0.05
  wasserstein    scipy.stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001); drifted >= 0.1
  jensenshannon  scipy.spatial.distance.jensenshannon(ref%, cur%) (base e, no zero filling); >= 0.1
  psi            sum((r - c) * ln(r / c)) with empty bins set to 0.0001 in both vectors; >= 0.1
  binning        numeric with > 20 distinct reference values: np.histogram_bin_edges(ref + cur,
                 "sturges") and np.histogram(x, edges)[0] / len(x); otherwise one bin per distinct
                 value of the union
  auto           n = distinct values of ref + cur; len(ref) <= 1000: numeric with n > 5 -> ks, else
                 chisquare; len(ref) > 1000: numeric with n > 5 -> wasserstein, else jensenshannon
"""

import csv
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

SEED = 20240611
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "src", "test",
                   "resources", "drift", "stats")
THRESHOLDS = {"ks": 0.05, "chisquare": 0.05, "wasserstein": 0.1, "jensenshannon": 0.1, "psi": 0.1}


def ks(ref, cur):
    with warnings.catch_warnings():
        # An exact computation that silently fell back to the asymptotic one would make the
        # fixture test something other than what its name says.
        warnings.simplefilter("error", RuntimeWarning)
        r = stats.ks_2samp(ref, cur)
    return {"statistic": float(r.statistic), "p_value": float(r.pvalue)}


def counts(values, keys):
    c = dict.fromkeys(keys, 0)
    for v in values:
        c[v] += 1
    return [c[k] for k in keys]


def union_keys(ref, cur):
    return sorted(set(ref) | set(cur), key=lambda k: (str(type(k)), k))


def chisquare(ref, cur):
    keys = union_keys(ref, cur)
    k_norm = len(cur) / len(ref)
    f_exp = [c * k_norm for c in counts(ref, keys)]
    f_obs = counts(cur, keys)
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        r = stats.chisquare(f_obs, f_exp)
    return {"statistic": float(r.statistic), "p_value": float(r.pvalue), "categories": len(keys)}


def wasserstein(ref, cur):
    raw = stats.wasserstein_distance(ref, cur)
    norm = max(np.std(ref), 0.001)
    return {"statistic": float(raw / norm), "raw": float(raw), "norm": float(norm)}


def binned(ref, cur, numeric):
    """Evidently's get_binned_data without zero filling."""
    if numeric and len(set(ref)) > 20:
        edges = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
        ref_p = np.histogram(ref, edges)[0] / len(ref)
        cur_p = np.histogram(cur, edges)[0] / len(cur)
        return ref_p, cur_p, edges
    keys = union_keys(ref, cur)
    ref_p = np.array([c / len(ref) for c in counts(ref, keys)])
    cur_p = np.array([c / len(cur) for c in counts(cur, keys)])
    return ref_p, cur_p, None


def psi(ref_p, cur_p):
    r = ref_p.copy()
    c = cur_p.copy()
    np.place(r, r == 0, 0.0001)
    np.place(c, c == 0, 0.0001)
    value = 0.0
    for i in range(len(r)):
        value += (r[i] - c[i]) * np.log(r[i] / c[i])
    return float(value)


def auto_method(ref, cur, numeric):
    n_values = len(set(ref) | set(cur))
    if len(ref) <= 1000:
        return "ks" if numeric and n_values > 5 else "chisquare"
    return "wasserstein" if numeric and n_values > 5 else "jensenshannon"


def expected(ref, cur, numeric):
    out = {}
    if numeric:
        out["ks"] = ks(np.asarray(ref), np.asarray(cur))
        out["wasserstein"] = wasserstein(np.asarray(ref), np.asarray(cur))
    out["chisquare"] = chisquare(ref, cur)
    ref_p, cur_p, edges = binned(np.asarray(ref) if numeric else ref,
                                 np.asarray(cur) if numeric else cur, numeric)
    out["binning"] = {
        "kind": "sturges" if edges is not None else "values",
        "edges": None if edges is None else [float(e) for e in edges],
        # percents in the order of sorted distinct values (values) or bins (sturges)
        "reference_percents": [float(p) for p in ref_p],
        "current_percents": [float(p) for p in cur_p],
    }
    out["jensenshannon"] = {"statistic": float(distance.jensenshannon(ref_p, cur_p))}
    out["psi"] = {"statistic": psi(ref_p, cur_p)}
    for name, t in THRESHOLDS.items():
        if name in out:
            if name in ("ks", "chisquare"):
                p = out[name]["p_value"]
                out[name]["drifted"] = bool(p < t)
            else:
                out[name]["drifted"] = bool(out[name]["statistic"] >= t)
    method = auto_method(ref, cur, numeric)
    out["auto"] = {"method": method, "drifted": out[method]["drifted"]}
    return out


def fixture(name, description, ref, cur, numeric):
    if numeric:
        ref = [float(v) for v in ref]
        cur = [float(v) for v in cur]
    return {
        "name": name,
        "description": description,
        "kind": "numeric" if numeric else "categorical",
        "reference": ref,
        "current": cur,
        "expected": expected(ref, cur, numeric),
    }


def rounded(x, decimals):
    """Rounded values: ties, and short decimal texts in the JSON."""
    return np.round(x, decimals)


def sample_pairs(rng):
    n = rng.normal
    yield ("tiny_5_vs_7", "continuous, exact KS with n1 != n2",
           n(0, 1, 5), n(0.8, 1, 7), True)
    yield ("single_reference_1_vs_7", "a reference of one value (exact KS, n1 = 1)",
           [0.25], n(0, 1, 7), True)
    yield ("single_current_7_vs_1", "a current sample of one value",
           n(0, 1, 7), [3.5], True)
    yield ("ties_100_vs_80", "rounded to one decimal: ties inside and across samples",
           rounded(n(0, 1, 100), 1), rounded(n(0.3, 1.2, 80), 1), True)
    yield ("equal_sizes_with_ties_60_vs_60", "integers 0..30: heavy ties, exact KS with n1 == n2",
           rng.integers(0, 31, 60), rng.integers(3, 34, 60), True)
    yield ("normal_1000_vs_1500", "small shift; reference of exactly 1000 selects KS",
           n(0, 1, 1000), n(0.1, 1, 1500), True)
    yield ("strong_shift_1000_vs_1500", "large shift: a p-value far in the tail",
           n(0, 1, 1000), n(0.6, 1.3, 1500), True)
    yield ("normal_3000_vs_3000", "no drift, equal sizes (exact square formula); auto -> wasserstein",
           rounded(n(10, 2, 3000), 6), rounded(n(10, 2, 3000), 6), True)
    yield ("pow2_1024_vs_1024", "2048 values in total: log2 is exact in the Sturges rule",
           rounded(n(5, 3, 1024), 6), rounded(n(5.5, 3, 1024), 6), True)
    yield ("exact_boundary_10000_vs_10000", "max(n1, n2) = 10000: still exact KS in scipy 1.10",
           rounded(n(0, 1, 10000), 4), rounded(n(0.03, 1, 10000), 4), True)
    yield ("asymptotic_12000_vs_11000", "max(n1, n2) > 10000: asymptotic KS",
           rounded(n(0, 1, 12000), 4), rounded(n(0.05, 1.05, 11000), 4), True)
    yield ("asymptotic_half_even_10001_vs_10001",
           "asymptotic KS with n m / (n + m) = 5000.5: numpy rounds the size to 5000 (half to even)",
           rounded(n(0, 1, 10001), 3), rounded(n(0.04, 1, 10001), 3), True)
    yield ("asymptotic_single_1_vs_10001", "asymptotic KS with one sample of a single value",
           [0.5], rounded(n(0, 1, 10001), 4), True)
    bimodal_ref = np.concatenate([n(-5, 0.5, 250), n(5, 0.5, 250)])
    yield ("empty_bins_500_vs_400", "bimodal reference, unimodal current: empty Sturges bins",
           rounded(bimodal_ref, 5), rounded(n(5, 0.5, 400), 5), True)
    yield ("binary_numeric_300_vs_250", "numeric 0/1: auto -> chisquare (Evidently uses a Z-test)",
           rng.integers(0, 2, 300), (rng.random(250) < 0.6).astype(int), True)
    yield ("low_cardinality_numeric_300_vs_250", "numeric with 4 values: auto -> chisquare",
           rng.integers(1, 5, 300), rng.choice([1, 2, 3, 4], 250, p=[0.1, 0.2, 0.3, 0.4]), True)
    yield ("low_cardinality_numeric_2000_vs_1800", "numeric with 4 values, large: auto -> jensenshannon",
           rng.integers(1, 5, 2000), rng.choice([1, 2, 3, 4], 1800, p=[0.2, 0.2, 0.3, 0.3]), True)
    yield ("fifteen_values_numeric_2000_vs_2000", "15 distinct values: per-value bins; auto -> wasserstein",
           rng.integers(0, 15, 2000) * 0.5, rng.integers(1, 15, 2000) * 0.5, True)
    yield ("constant_reference_50_vs_40", "reference std 0: the Wasserstein norm floor 0.001",
           [5.0] * 50, [5.0] * 30 + [5.5] * 10, True)
    yield ("identical_300", "the same sample twice: no drift by any measure",
           rounded(n(0, 1, 300), 3), None, True)
    cats = ["red", "green", "blue", "amber"]
    yield ("categorical_unseen_200_vs_150", "current has a category the reference never saw",
           list(rng.choice(cats, 200, p=[0.4, 0.3, 0.2, 0.1])),
           list(rng.choice(cats + ["violet"], 150, p=[0.35, 0.3, 0.2, 0.1, 0.05])), False)
    yield ("categorical_vanished_200_vs_150", "a reference category missing from current",
           list(rng.choice(cats, 200, p=[0.4, 0.3, 0.2, 0.1])),
           list(rng.choice(cats[:3], 150, p=[0.4, 0.3, 0.3])), False)
    yield ("categorical_shift_1500_vs_1200", "large categorical sample: auto -> jensenshannon",
           list(rng.choice(cats, 1500, p=[0.4, 0.3, 0.2, 0.1])),
           list(rng.choice(cats, 1200, p=[0.25, 0.25, 0.25, 0.25])), False)
    yield ("categorical_two_values_120_vs_100", "two categories: auto -> chisquare",
           list(rng.choice(["yes", "no"], 120)), list(rng.choice(["yes", "no"], 100, p=[0.7, 0.3])),
           False)
    yield ("categorical_single_category_30_vs_20", "one category on both sides (scipy p is NaN)",
           ["only"] * 30, ["only"] * 20, False)


DATASET_ROWS_REF = 1200
DATASET_ROWS_CUR = 900


def dataset(rng):
    """Two CSV data sets whose columns exercise every automatic choice and the reader."""
    def with_missing(values, share):
        mask = rng.random(len(values)) < share
        return ["" if m else v for v, m in zip(values, mask)]

    def fmt(values):
        return [repr(float(v)) for v in values]

    cities = ["Lyon", "New York, NY", "Tokyo", "\"Quoted\" City"]
    columns = {}
    for side, rows, shift in (("reference", DATASET_ROWS_REF, 0.0), ("current", DATASET_ROWS_CUR, 1.0)):
        columns[side] = {
            # > 1000 values: wasserstein
            "latency_ms": fmt(np.round(rng.gamma(2.0, 20.0 + 4 * shift, rows), 2)),
            # ~30% missing in the reference leaves <= 1000 values: ks
            "income": with_missing(fmt(np.round(rng.normal(50 + shift, 10, rows), 1)), 0.3),
            # numeric 0/1, > 1000 values: jensenshannon on per-value bins
            "flag": fmt(rng.integers(0, 2, rows)),
            # text categories, one unseen in current: jensenshannon
            "city": list(rng.choice(cities + (["Oslo"] if shift else []), rows)),
            # numeric in both, but mostly missing: few values, chisquare
            "rare_code": with_missing(fmt(rng.integers(0, 3, rows)), 0.95),
        }
    return columns


def write_dataset(rng):
    columns = dataset(rng)
    names = list(columns["reference"].keys())
    results = []
    for name in names:
        ref_raw = [v for v in columns["reference"][name] if v != ""]
        cur_raw = [v for v in columns["current"][name] if v != ""]
        numeric = name != "city"
        ref = [float(v) for v in ref_raw] if numeric else ref_raw
        cur = [float(v) for v in cur_raw] if numeric else cur_raw
        exp = expected(ref, cur, numeric)
        method = exp["auto"]["method"]
        entry = {"name": name, "method": method, "statistic": exp[method]["statistic"],
                 "drifted": exp[method]["drifted"]}
        if method in ("ks", "chisquare"):
            entry["p_value"] = exp[method]["p_value"]
        results.append(entry)
    drifted = sum(1 for r in results if r["drifted"])
    share = drifted / len(results)
    for side in ("reference", "current"):
        rows = len(columns[side][names[0]])
        with open(os.path.join(OUT, "dataset_%s.csv" % side), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(names)
            for i in range(rows):
                w.writerow([columns[side][n][i] for n in names])
    with open(os.path.join(OUT, "dataset_expected.json"), "w") as f:
        json.dump({"features": results, "drifted_share": share, "dataset_drift": share >= 0.5}, f,
                  indent=1)


def main():
    if not scipy.__version__.startswith("1.10."):
        sys.exit("needs scipy 1.10 (Debian python3-scipy), found %s" % scipy.__version__)
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(SEED)
    names = []
    for name, description, ref, cur, numeric in sample_pairs(rng):
        fx = fixture(name, description, list(ref), list(ref if cur is None else cur), numeric)
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(fx, f, separators=(",", ":"))
            f.write("\n")
        names.append(name)
    with open(os.path.join(OUT, "index.json"), "w") as f:
        json.dump({"generator": "scripts/drift_fixtures.py", "seed": SEED,
                   "scipy": scipy.__version__, "numpy": np.__version__, "fixtures": names}, f,
                  indent=1)
        f.write("\n")
    write_dataset(rng)


if __name__ == "__main__":
    main()
