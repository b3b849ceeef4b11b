#!/usr/bin/python3
"""PyTorch reference numbers for the GenCourse benchmark workloads.

Usage (see README.md next to this file for the exact environment):
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS=2 \
        /usr/bin/python3 torch_bench.py <workload> [--epochs N] [--data DIR] [--threads T]

Workloads: gemm, conv2d, mlp-step, vae-epoch.
Prints one JSON object per line on stdout (same field names as the C# workloads, plus
"workload" and "impl"); notes about the environment go to stderr.

This script is only a reference generator: the GenCourse kit itself never runs Python.
"""
import argparse
import gzip
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DEFAULT_DATA = "/usr/share/datasets/fashion-mnist"  # Debian package dataset-fashion-mnist


def report(record):
    print(json.dumps(record), flush=True)


def note(msg):
    print(msg, file=sys.stderr, flush=True)


def loaded_blas():
    """Which BLAS shared objects are mapped into this process (Linux only)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
        return sorted(libs)
    except OSError:
        return []


def median_seconds(fn, runs, warmup, min_warmup_seconds=1.0):
    """Median wall time of `runs` calls, after at least `warmup` calls and min_warmup_seconds.

    The first calls of oneDNN / OpenBLAS / the OpenMP pool are several times slower than the
    steady state, so the warm-up is also bounded below in time."""
    t_end = time.perf_counter() + min_warmup_seconds
    done = 0
    while done < warmup or time.perf_counter() < t_end:
        fn()
        done += 1
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


# --------------------------------------------------------------------------- gemm
def bench_gemm(args):
    g = torch.Generator().manual_seed(0)
    for m, n, k in [(1024, 1024, 1024), (256, 512, 784)]:
        a = torch.randn(m, k, generator=g)
        b = torch.randn(k, n, generator=g)
        out = torch.empty(m, n)
        t = median_seconds(lambda: torch.mm(a, b, out=out), runs=max(args.runs, 20), warmup=10)
        report({"workload": "gemm", "impl": "torch", "m": m, "n": n, "k": k,
                "gflops": round(2.0 * m * n * k / t / 1e9, 3)})


# --------------------------------------------------------------------------- conv2d
def bench_conv2d(args):
    g = torch.Generator().manual_seed(0)
    n, c, h, w, f, kh, kw = 64, 64, 14, 14, 64, 3, 3
    x = torch.randn(n, c, h, w, generator=g)
    wt = torch.randn(f, c, kh, kw, generator=g) * 0.05
    # output is 64x64x14x14 with padding 1
    flops_fwd = 2.0 * n * f * h * w * c * kh * kw
    runs = max(args.runs, 20)
    with torch.no_grad():
        t_fwd = median_seconds(lambda: F.conv2d(x, wt, padding=1), runs=runs, warmup=10)

    xg = x.clone().requires_grad_(True)
    wg = wt.clone().requires_grad_(True)
    gout = torch.randn(n, f, h, w, generator=g)

    def fwd_bwd():
        xg.grad = None
        wg.grad = None
        y = F.conv2d(xg, wg, padding=1)
        y.backward(gout)

    t_fb = median_seconds(fwd_bwd, runs=runs, warmup=10)
    report({"workload": "conv2d", "impl": "torch", "n": n, "c": c, "h": h, "w": w, "filters": f,
            "kernel": [kh, kw], "padding": 1, "bias": False,
            "gflops_fwd": round(flops_fwd / t_fwd / 1e9, 3),
            "gflops_fwd_bwd": round(3.0 * flops_fwd / t_fb / 1e9, 3)})


# --------------------------------------------------------------------------- mlp-step
def bench_mlp_step(args):
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(),
                          nn.Linear(256, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(128, 784, generator=g)
    y = torch.randint(0, 10, (128,), generator=g)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()

    t = median_seconds(step, runs=max(args.runs, 200), warmup=50)
    report({"workload": "mlp-step", "impl": "torch", "batch": 128,
            "ms_per_step": round(t * 1e3, 4)})


# --------------------------------------------------------------------------- vae-epoch
def read_idx_images(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic, count, rows, cols = np.frombuffer(raw[:16], dtype=">u4")
    if magic != 2051:
        raise ValueError(f"{path}: not an IDX3 image file (magic {magic})")
    data = np.frombuffer(raw[16:], dtype=np.uint8)
    if data.size != count * rows * cols:
        raise ValueError(f"{path}: expected {count * rows * cols} pixels, found {data.size}")
    return data.reshape(int(count), int(rows) * int(cols))


class VAE(nn.Module):
    def __init__(self, latent=32):
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU())
        self.mu = nn.Linear(256, latent)
        self.logvar = nn.Linear(256, latent)
        self.dec = nn.Sequential(nn.Linear(latent, 256), nn.ReLU(), nn.Linear(256, 512), nn.ReLU(),
                                 nn.Linear(512, 784))

    def neg_elbo_sum(self, x, eps):
        """Sum over the batch of the per-image negative ELBO (nats), one sample of z per image."""
        h = self.enc(x)
        mu, logvar = self.mu(h), self.logvar(h)
        z = mu + torch.exp(0.5 * logvar) * eps
        logits = self.dec(z)
        rec = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
        kl = -0.5 * torch.sum(1.0 + logvar - mu * mu - torch.exp(logvar))
        return rec + kl


def bench_vae_epoch(args):
    train = torch.from_numpy(read_idx_images(os.path.join(args.data, "train-images-idx3-ubyte.gz"))
                             .astype(np.float32) / 255.0)
    test = torch.from_numpy(read_idx_images(os.path.join(args.data, "t10k-images-idx3-ubyte.gz"))
                            .astype(np.float32) / 255.0)
    torch.manual_seed(0)                      # parameter initialisation (torch defaults)
    model = VAE()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    g_shuffle = torch.Generator().manual_seed(1)
    g_noise = torch.Generator().manual_seed(2)
    batch = 128
    n = train.shape[0]
    for epoch in range(1, args.epochs + 1):
        t0 = time.perf_counter()
        perm = torch.randperm(n, generator=g_shuffle)
        for start in range(0, n, batch):       # last batch holds 60000 % 128 = 96 images
            xb = train[perm[start:start + batch]]
            eps = torch.randn(xb.shape[0], 32, generator=g_noise)
            opt.zero_grad(set_to_none=True)
            loss = model.neg_elbo_sum(xb, eps) / xb.shape[0]
            loss.backward()
            opt.step()
        seconds = time.perf_counter() - t0
        # Test: one sampled z per image with a fixed seed (same noise after every epoch).
        g_test = torch.Generator().manual_seed(12345)
        total = 0.0
        with torch.no_grad():
            for start in range(0, test.shape[0], 1000):
                xb = test[start:start + 1000]
                eps = torch.randn(xb.shape[0], 32, generator=g_test)
                total += model.neg_elbo_sum(xb, eps).item()
        report({"workload": "vae-epoch", "impl": "torch", "epoch": epoch,
                "seconds_per_epoch": round(seconds, 3),
                "test_neg_elbo": round(total / test.shape[0], 3)})


WORKLOADS = {"gemm": bench_gemm, "conv2d": bench_conv2d, "mlp-step": bench_mlp_step,
             "vae-epoch": bench_vae_epoch}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("workload", choices=sorted(WORKLOADS))
    p.add_argument("--epochs", type=int, default=1, help="vae-epoch: number of epochs (default 1)")
    p.add_argument("--data", default=DEFAULT_DATA, help="directory with the gzipped Fashion-MNIST IDX files")
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
    p.add_argument("--runs", type=int, default=0, help="timed runs (minimum 20, or 200 for mlp-step)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    blas = loaded_blas()
    note(f"torch {torch.__version__}, threads {torch.get_num_threads()}, "
         f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}, BLAS: {', '.join(blas) or 'unknown'}")
    if blas and not any("openblas" in b for b in blas):
        note("warning: the reference BLAS is loaded (~5 GFLOP/s); set "
             "LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp")
    WORKLOADS[args.workload](args)


if __name__ == "__main__":
    main()
