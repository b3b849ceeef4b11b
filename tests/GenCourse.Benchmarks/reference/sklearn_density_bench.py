#!/usr/bin/python3
"""scikit-learn side of the density benchmarks `gmm-fit` and `kde-score` (see density.md).

Run on the same machine as the C# workloads, with 2 threads and OpenBLAS (OpenMP build):
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS=2 \
        /usr/bin/python3 tests/GenCourse.Benchmarks/reference/sklearn_density_bench.py [gmm-fit|kde-score] [--runs N]

The data are the C# workloads' points, bit for bit: `ring_points` re-implements GenCourse.Generator
(xoshiro256** seeded by splitmix64, Marsaglia's polar normals with the generator's portable log) and
Workloads/RingOfGaussians.cs. Both sides print the coordinate sum so the match can be checked.
Prints one JSON object per workload on stdout, like the C# benchmark runner.
"""
import argparse
import json
import math
import sys
import time

import numpy as np
import sklearn
from sklearn.mixture import GaussianMixture
from sklearn.neighbors import KernelDensity

MASK = (1 << 64) - 1


class Generator:
    """GenCourse.Generator: xoshiro256** seeded through splitmix64; polar-method normals."""

    def __init__(self, seed):
        x = seed
        self.s = []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & MASK
            z = x
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            self.s.append(z ^ (z >> 31))
        self.spare = None

    @staticmethod
    def _rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & MASK

    def next_uint64(self):
        s0, s1, s2, s3 = self.s
        result = (self._rotl((s1 * 5) & MASK, 7) * 9) & MASK
        t = (s1 << 17) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = self._rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def next_double(self):
        return (self.next_uint64() >> 11) * (1.0 / (1 << 53))

    @staticmethod
    def portable_log(x):
        m, e = math.frexp(x)          # x = m 2^e, m in [0.5, 1)
        m, e = m * 2.0, e - 1         # m in [1, 2), as the C# code reads it from the bits
        if m > 1.4142135623730951:
            m *= 0.5
            e += 1
        s = (m - 1) / (m + 1)
        s2 = s * s
        term, total = s, 0.0
        for k in range(1, 60, 2):
            total += term / k
            term *= s2
        return 2 * total + e * 0.6931471805599453

    def next_normal(self):
        if self.spare is not None:
            spare, self.spare = self.spare, None
            return spare
        while True:
            u = 2 * self.next_double() - 1
            v = 2 * self.next_double() - 1
            s = u * u + v * v
            if 0 < s < 1:
                break
        factor = math.sqrt(-2 * self.portable_log(s) / s)
        self.spare = v * factor
        return u * factor


def ring_points(n, seed):
    """Workloads/RingOfGaussians.cs: 8 Gaussians, std 0.3, on the circle of radius 4; point i from component i mod 8."""
    g = Generator(seed)
    out = np.empty((n, 2))
    for i in range(n):
        angle = 2 * math.pi * (i % 8) / 8
        out[i, 0] = 4 * math.cos(angle) + 0.3 * g.next_normal()
        out[i, 1] = 4 * math.sin(angle) + 0.3 * g.next_normal()
    return out


def checksum(points):
    """Sum of the coordinates in row-major order, one addition at a time (as RingOfGaussians.Checksum)."""
    total = 0.0
    for v in points.ravel().tolist():
        total += v
    return total


def median_seconds(action, runs, warmup):
    for _ in range(warmup):
        action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def gmm_fit(runs):
    x = ring_points(100_000, seed=1)
    print(f"gmm-fit: checksum {checksum(x)!r}", file=sys.stderr)
    result = {}

    def fit():
        g = GaussianMixture(n_components=8, covariance_type="full", max_iter=100, random_state=0).fit(x)
        result.update(mean_loglik=float(g.score(x)), n_iter=int(g.n_iter_))

    seconds = median_seconds(fit, runs, warmup=1)
    return {"workload": "gmm-fit", "seconds": round(seconds, 4), "mean_loglik": round(result["mean_loglik"], 6),
            "n_iter": result["n_iter"]}


def kde_score(runs):
    train, query = ring_points(10_000, seed=2), ring_points(10_000, seed=3)
    print(f"kde-score: checksums train {checksum(train)!r} query {checksum(query)!r}", file=sys.stderr)
    result = {}

    def score():
        kde = KernelDensity(kernel="gaussian", bandwidth=0.2).fit(train)
        result["mean_loglik"] = float(kde.score_samples(query).mean())

    seconds = median_seconds(score, runs, warmup=1)
    return {"workload": "kde-score", "n": 10_000, "seconds": round(seconds, 4), "mean_loglik": round(result["mean_loglik"], 6)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("workloads", nargs="*", default=["gmm-fit", "kde-score"])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}", file=sys.stderr)
    for name in args.workloads:
        record = {"gmm-fit": gmm_fit, "kde-score": kde_score}[name](args.runs)
        record["implementation"] = "scikit-learn"
        print(json.dumps(record))


if __name__ == "__main__":
    main()
