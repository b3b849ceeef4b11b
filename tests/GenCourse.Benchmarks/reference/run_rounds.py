#!/usr/bin/python3
"""Run the reference workloads in alternating rounds and summarise them (Linux only).

    /usr/bin/python3 run_rounds.py --rounds 8 --epochs 3 --out raw.jsonl

Each workload runs as its own process (torch_bench.py / sklearn_bench.py) with
LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp and OMP_NUM_THREADS=2. Every JSON record
it prints is annotated with "round" and "others_cpu": the share of the machine's CPU time used by
other processes of this (virtual) machine while it ran ((busy jiffies in /proc/stat - CPU time of
the child) / (wall * cores)); it does not see contention from outside the VM.
On a shared machine the two-thread OpenMP workloads are bimodal (a contended run can be 5-10x
slower), so the summary gives the median with the quartiles and the best run, and the median
over the runs during which other processes used less than --quiet (default 0.1) of the machine.
Summarise earlier output files:  /usr/bin/python3 run_rounds.py --summarise raw.jsonl [more.jsonl]
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TORCH = ["gemm", "conv2d", "mlp-step", "vae-epoch"]
SKLEARN = ["gmm-fit", "kde-score"]


def busy_seconds():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = v[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(workload, epochs):
    script = "torch_bench.py" if workload in TORCH else "sklearn_bench.py"
    cmd = ["/usr/bin/python3", os.path.join(HERE, script), workload]
    if workload == "vae-epoch":
        cmd += ["--epochs", str(epochs)]
    env = dict(os.environ, LD_LIBRARY_PATH="/usr/lib/x86_64-linux-gnu/openblas-openmp", OMP_NUM_THREADS="2")
    b0, c0, t0 = busy_seconds(), child_cpu(), time.perf_counter()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    wall = time.perf_counter() - t0
    others = (busy_seconds() - b0 - (child_cpu() - c0)) / (wall * os.cpu_count())
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")], max(0.0, others)


def summarise(records, quiet):
    series = {}                     # metric -> (values, higher_is_better)
    for r in records:
        w = r.get("workload")
        if w == "gemm":
            keys = {f"gemm {r['m']}x{r['n']}x{r['k']} gflops": (r["gflops"], True)}
        elif w == "conv2d":
            keys = {"conv2d gflops_fwd": (r["gflops_fwd"], True), "conv2d gflops_fwd_bwd": (r["gflops_fwd_bwd"], True)}
        elif w == "mlp-step":
            keys = {"mlp-step ms_per_step": (r["ms_per_step"], False)}
        elif w == "vae-epoch":
            keys = {"vae-epoch seconds_per_epoch": (r["seconds_per_epoch"], False),
                    f"vae-epoch test_neg_elbo epoch {r['epoch']}": (r["test_neg_elbo"], False)}
        elif w in SKLEARN:
            keys = {f"{w} seconds": (r["seconds"], False), f"{w} mean_loglik": (r["mean_loglik"], True)}
        else:
            continue
        for k, (v, higher) in keys.items():
            series.setdefault(k, ([], higher, []))[0].append(v)
            if r.get("others_cpu", 1.0) < quiet:
                series[k][2].append(v)
    print(f"{'metric':36s} {'n':>3s} {'median':>10s} {'q1':>10s} {'q3':>10s} {'best':>10s} "
          f"{'n quiet':>7s} {'median quiet':>12s}")
    for k, (vals, higher, quiet_vals) in series.items():
        q1, _, q3 = statistics.quantiles(vals, n=4) if len(vals) > 1 else (vals[0],) * 3
        best = max(vals) if higher else min(vals)
        mq = f"{statistics.median(quiet_vals):12.4f}" if quiet_vals else f"{'-':>12s}"
        print(f"{k:36s} {len(vals):3d} {statistics.median(vals):10.4f} {q1:10.4f} {q3:10.4f} {best:10.4f} "
              f"{len(quiet_vals):7d} {mq}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--epochs", type=int, default=3, help="epochs of each vae-epoch run")
    p.add_argument("--workloads", default=",".join(TORCH + SKLEARN))
    p.add_argument("--out", help="append the annotated records to this file (JSON lines)")
    p.add_argument("--summarise", nargs="*", metavar="FILE", help="only summarise existing JSON-lines files")
    p.add_argument("--quiet", type=float, default=0.1, help="others_cpu threshold of a quiet run")
    args = p.parse_args()
    if args.summarise:
        records = [json.loads(line) for f in args.summarise for line in open(f) if line.strip()]
        summarise(records, args.quiet)
        return
    records = []
    for rnd in range(1, args.rounds + 1):
        for w in args.workloads.split(","):
            recs, others = run(w, args.epochs)
            for r in recs:
                r = {"round": rnd, "others_cpu": round(others, 3), **r}
                records.append(r)
                line = json.dumps(r)
                print(line, flush=True)
                if args.out:
                    with open(args.out, "a") as f:
                        f.write(line + "\n")
    print(file=sys.stderr)
    sys.stdout.flush()
    summarise(records, args.quiet)


if __name__ == "__main__":
    main()
