#!/usr/bin/python3
"""Writes sklearn_density.json: scikit-learn 1.2 / NumPy reference values for the density models.

Regenerate (from the repository root, Debian's python3-sklearn 1.2.1):
    /usr/bin/python3 tests/GenCourse.Tests/Fixtures/make_sklearn_density.py
Check that the committed file is what this script produces:
    /usr/bin/python3 tests/GenCourse.Tests/Fixtures/make_sklearn_density.py --check

The GenCourse kit never runs Python: this script only produces the committed fixture file.
Every data set is stored in the file (the C# side does not reproduce NumPy's generator); data are
rounded to 6 decimals so they print short and round-trip exactly. Results are stored with Python's
shortest round-trip repr; a log density of -inf is written as null.

Contents
  kde      for d in (1, 2, 5): train [n, d], query [m, d]; for each kernel and bandwidth the log densities
           KernelDensity(kernel, bandwidth, leaf_size=n).fit(train).score_samples(query).
           leaf_size = n makes the tree a single leaf, so every pair is evaluated: with the default leaf_size
           (40) and atol = rtol = 0, scikit-learn's node pruning still drifts by up to a few nats for queries
           far in the tails (log density below about -60); default_tree_max_error and default_tree_inexact
           (entries off by more than 1e-6 relative) record that drift for each case.
           The script checks them against a brute-force NumPy sum with the exact normalisation; they agree
           to 1e-12 except the cosine kernel in even d, where scikit-learn's normaliser is off by a constant
           (its series for int_0^1 cos(pi r/2) r^(d-1) dr drops terms), which is recorded as cosine_offset.
  kde_rules   bandwidth_ of KernelDensity(bandwidth="scott" / "silverman") on each train set.
  kde_cv   GridSearchCV(KernelDensity(kernel="gaussian"), {"bandwidth": grid}, cv=5) on the 1-D train set:
           mean_test_score (total held-out log-likelihood per fold, folds of equal size) per bandwidth.
  gmm      two data sets (2-D, 3-D); for each covariance type GaussianMixture(n_components, covariance_type,
           tol=1e-6, max_iter=1000, n_init=5, random_state=0) fitted on it: score (mean log-likelihood),
           lower_bound_, bic, aic, _n_parameters(), converged_.
  histogram   numpy.histogram_bin_edges(x, rule) bin counts for rules sturges, scott, fd on 1-D samples.
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import sklearn
from sklearn.mixture import GaussianMixture
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import KernelDensity

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sklearn_density.json")
KERNELS = ["gaussian", "tophat", "epanechnikov", "exponential", "linear", "cosine"]
BANDWIDTHS = {1: [0.1, 0.5, 1.5], 2: [0.3, 1.0, 2.0], 5: [1.0, 2.0, 4.0]}


def rounded(a):
    return np.round(np.asarray(a, dtype=np.float64), 6)


def floats(a):
    return [None if v == -math.inf else float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def matrix(a):
    a = np.asarray(a)
    return {"shape": list(a.shape), "data": floats(a)}


def log_unit_ball(n):
    return 0.5 * n * math.log(math.pi) - math.lgamma(0.5 * n + 1)


def log_sphere(n):
    return math.log(2 * math.pi) + log_unit_ball(n - 1)


def cosine_integral(d):
    # int_0^1 cos(pi r / 2) r^(d-1) dr by numerical quadrature (independent of the C# series)
    r = np.linspace(0, 1, 200001)
    f = np.cos(0.5 * np.pi * r) * r ** (d - 1)
    return float(np.sum((f[1:] + f[:-1]) * 0.5 * (r[1] - r[0])))


def exact_log_norm(kernel, h, d):
    factor = {
        "gaussian": lambda: 0.5 * d * math.log(2 * math.pi),
        "tophat": lambda: log_unit_ball(d),
        "epanechnikov": lambda: log_unit_ball(d) + math.log(2 / (d + 2)),
        "exponential": lambda: log_sphere(d - 1) + math.lgamma(d),
        "linear": lambda: log_unit_ball(d) - math.log(d + 1),
        "cosine": lambda: math.log(cosine_integral(d)) + log_sphere(d - 1),
    }[kernel]()
    return -factor - d * math.log(h)


def brute_force(train, query, kernel, h):
    dist = np.sqrt(((query[:, None, :] - train[None, :, :]) ** 2).sum(-1))
    u = dist / h
    with np.errstate(divide="ignore"):
        if kernel == "gaussian":
            logk = -0.5 * u * u
        elif kernel == "exponential":
            logk = -u
        else:
            k = {"tophat": np.ones_like(u), "epanechnikov": 1 - u * u, "linear": 1 - u,
                 "cosine": np.cos(0.5 * np.pi * np.minimum(u, 1))}[kernel]
            logk = np.log(np.where(u < 1, k, 0.0))
        m = logk.max(axis=1, keepdims=True)
        m[~np.isfinite(m)] = 0
        s = np.log(np.exp(logk - m).sum(axis=1)) + m[:, 0]
    return s + exact_log_norm(kernel, h, train.shape[1]) - math.log(train.shape[0])


def kde_cases(rng):
    cases = []
    for d in (1, 2, 5):
        n, m = 150, 40
        centres = rng.normal(scale=2.0, size=(3, d))
        train = rounded(centres[rng.integers(0, 3, n)] + rng.normal(size=(n, d)))
        query = rounded(np.concatenate([train[:10] + 0.05 * rng.normal(size=(10, d)),
                                        rng.normal(scale=3.0, size=(m - 12, d)),
                                        np.full((2, d), 9.0)]))
        results = []
        for kernel in KERNELS:
            for h in BANDWIDTHS[d]:
                # leaf_size = n: one leaf, every pair evaluated (see the module docstring)
                ours = KernelDensity(kernel=kernel, bandwidth=h, leaf_size=n).fit(train).score_samples(query)
                default = KernelDensity(kernel=kernel, bandwidth=h).fit(train).score_samples(query)
                brute = brute_force(train, query, kernel, h)
                offset = exact_log_norm(kernel, h, d) - float(KernelDensity(kernel=kernel, bandwidth=h).fit(
                    np.zeros((1, d))).score_samples(np.zeros((1, d)))[0])
                # offset = exact normaliser minus scikit-learn's (log K(0) = 0 for one point at distance 0)
                finite = np.isfinite(brute)
                assert np.array_equal(finite, np.isfinite(ours)), (d, kernel, h)
                err = np.max(np.abs(ours[finite] + offset - brute[finite]) / np.maximum(1, np.abs(brute[finite])), initial=0)
                assert err < 1e-9, (d, kernel, h, err)
                if kernel != "cosine" or d % 2 == 1:
                    assert abs(offset) < 1e-9, (d, kernel, offset)
                tree_error = np.abs(default[finite] - ours[finite])
                results.append({"kernel": kernel, "bandwidth": h, "log_density": floats(ours),
                                "default_tree_max_error": float(np.max(tree_error, initial=0)),
                                "default_tree_inexact": int(np.sum(tree_error > 1e-6 * np.maximum(1, np.abs(ours[finite])))),
                                "cosine_offset": offset if kernel == "cosine" and d % 2 == 0 else 0.0})
        rules = {r: float(KernelDensity(bandwidth=r).fit(train).bandwidth_) for r in ("scott", "silverman")}
        cases.append({"d": d, "train": matrix(train), "query": matrix(query), "results": results, "rules": rules})
    return cases


def kde_cv(train):
    grid = [0.1, 0.2, 0.3, 0.5, 0.8, 1.2, 2.0]
    search = GridSearchCV(KernelDensity(kernel="gaussian"), {"bandwidth": grid}, cv=5).fit(train)
    return {"bandwidths": grid, "folds": 5, "fold_size": train.shape[0] // 5,
            "mean_test_score": floats(search.cv_results_["mean_test_score"]),
            "best": float(search.best_params_["bandwidth"])}


def gmm_cases(rng):
    sets = []
    means2 = np.array([[0.0, 0.0], [4.0, 1.0], [1.0, 5.0]])
    covs2 = [np.array([[1.0, 0.6], [0.6, 0.8]]), np.array([[0.3, -0.2], [-0.2, 1.5]]), np.array([[2.0, 0.0], [0.0, 0.2]])]
    labels = rng.integers(0, 3, 600)
    x2 = np.stack([rng.multivariate_normal(means2[k], covs2[k]) for k in labels])
    means3 = np.array([[0, 0, 0], [3, 3, 0], [0, 3, 3], [3, 0, 3]], dtype=float)
    x3 = means3[rng.integers(0, 4, 500)] + rng.normal(size=(500, 3)) * np.array([0.5, 1.0, 0.7])
    for name, x, k in (("blobs2d", rounded(x2), 3), ("blobs3d", rounded(x3), 4)):
        fits = []
        for cov in ("full", "tied", "diag", "spherical"):
            g = GaussianMixture(n_components=k, covariance_type=cov, tol=1e-6, max_iter=1000, n_init=5,
                                random_state=0).fit(x)
            fits.append({"covariance_type": cov, "score": float(g.score(x)), "lower_bound": float(g.lower_bound_),
                         "bic": float(g.bic(x)), "aic": float(g.aic(x)), "n_parameters": int(g._n_parameters()),
                         "converged": bool(g.converged_)})
        sets.append({"name": name, "n_components": k, "x": matrix(x), "fits": fits})
    return sets


def histogram_cases(rng):
    cases = []
    for name, x in (("normal", rng.normal(size=500)), ("exponential", rng.exponential(size=1000)),
                    ("uniform", rng.uniform(size=64))):
        x = rounded(x)
        cases.append({"name": name, "x": floats(x),
                      "bins": {r: len(np.histogram_bin_edges(x, r)) - 1 for r in ("sturges", "scott", "fd")}})
    return cases


def build():
    rng = np.random.default_rng(20240501)
    kde = kde_cases(rng)
    train1 = np.array(kde[0]["train"]["data"]).reshape(-1, 1)
    return {"generator": "make_sklearn_density.py", "sklearn_version": sklearn.__version__,
            "numpy_version": np.__version__, "kde": kde, "kde_cv": kde_cv(train1),
            "gmm": gmm_cases(rng), "histogram": histogram_cases(rng)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = json.dumps(build(), separators=(",", ":"), allow_nan=False) + "\n"
    if args.check:
        same = open(OUT).read() == text
        print("sklearn_density.json is up to date" if same else "sklearn_density.json differs")
        sys.exit(0 if same else 1)
    with open(OUT, "w") as f:
        f.write(text)
    print(f"wrote {OUT} ({len(text)} bytes)")


if __name__ == "__main__":
    main()
