#!/usr/bin/python3
"""scikit-learn reference numbers for the GenCourse benchmark workloads.

Usage (see README.md next to this file for the exact environment):
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS=2 \
        /usr/bin/python3 sklearn_bench.py <workload>

Workloads:
  gmm-fit    GaussianMixture(8, covariance_type='full', max_iter=100, random_state=0) fitted on
             100,000 2D points; "seconds" = fit time, "mean_loglik" = gmm.score(X) on the same points
             (mean log-likelihood per point, nats).
  kde-score  KernelDensity(kernel='gaussian', bandwidth=0.2) fitted on 10,000 points and scored on
             another 10,000; "seconds" = fit + score_samples time, "mean_loglik" = mean of
             score_samples over the 10,000 query points (nats).

Data: 8 isotropic Gaussians (std 0.3) centred on a ring of radius 4 at angles 2*pi*j/8, the
component of each point drawn uniformly; numpy.random.default_rng(0). For kde-score the first
10,000 points drawn from that generator are the fit set and the next 10,000 the query set.
Prints one JSON object per line on stdout.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.mixture import GaussianMixture
from sklearn.neighbors import KernelDensity


def ring(n, rng, components=8, radius=4.0, std=0.3):
    j = rng.integers(0, components, size=n)
    angle = 2.0 * np.pi * j / components
    centres = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    return centres + std * rng.standard_normal((n, 2))


def report(record):
    print(json.dumps(record), flush=True)


def bench_gmm_fit(args):
    x = ring(100_000, np.random.default_rng(0))
    t0 = time.perf_counter()
    gmm = GaussianMixture(8, covariance_type="full", max_iter=100, random_state=0).fit(x)
    seconds = time.perf_counter() - t0
    report({"workload": "gmm-fit", "impl": "sklearn", "points": x.shape[0], "seconds": round(seconds, 4),
            "mean_loglik": round(float(gmm.score(x)), 6), "iterations": int(gmm.n_iter_),
            "converged": bool(gmm.converged_)})


def bench_kde_score(args):
    rng = np.random.default_rng(0)
    fit = ring(10_000, rng)
    query = ring(10_000, rng)
    t0 = time.perf_counter()
    kde = KernelDensity(kernel="gaussian", bandwidth=0.2).fit(fit)
    scores = kde.score_samples(query)
    seconds = time.perf_counter() - t0
    report({"workload": "kde-score", "impl": "sklearn", "fit_points": fit.shape[0],
            "query_points": query.shape[0], "seconds": round(seconds, 4),
            "mean_loglik": round(float(np.mean(scores)), 6)})


WORKLOADS = {"gmm-fit": bench_gmm_fit, "kde-score": bench_kde_score}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("workload", choices=sorted(WORKLOADS))
    args = p.parse_args()
    print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}", file=sys.stderr)
    WORKLOADS[args.workload](args)


if __name__ == "__main__":
    main()
