#!/usr/bin/python3
"""Writes torch_optim.json: float64 parameter values of torch.optim optimizers and lr_scheduler sequences.

Regenerate (from the repository root):
    /usr/bin/python3 tests/GenCourse.Tests/Fixtures/make_torch_optim.py
Check that the committed file is what this script and this torch produce:
    /usr/bin/python3 tests/GenCourse.Tests/Fixtures/make_torch_optim.py --check

The GenCourse kit never runs Python: this script only produces the committed fixture file.

Optimizer cases minimise the same small quadratic
    loss = sum_i 0.5 * sum(A_i * (P_i - C_i)^2)        (so grad P_i = A_i * (P_i - C_i))
over two parameters (P_0 of shape [3], P_1 of shape [2, 2]) for three steps, each step being
zero_grad(); loss.backward(); optimizer.step(). Schema:
  {"generator", "torch_version", "torch_package", "dtype": "float64",
   "problem": {"initial": [P_0, P_1], "A": [...], "C": [...]},      tensors as {"shape", "data"}
   "optimizers": [{"name", "optimizer": "SGD" | "Adam" | "AdamW" | "RMSprop" | "Adagrad",
                   "options": {keyword arguments of the constructor; betas as a list},
                   "groups": [{"params": [parameter indices], optional "lr", "weight_decay"}],
                   "steps": [[P_0, P_1] after step 1, after step 2, after step 3],
                   "state": {parameter index: {buffer name: tensor, "step": number}}}],  after step 3
                   (SGD without momentum keeps momentum_buffer = None, which is left out)
   "schedulers": [{"name", "scheduler": "StepLR" | ..., "options": {...}, "lambda": name (LambdaLR),
                   "group_lrs": [initial lr of each group],
                   "lrs": [get_last_lr() after construction, after step 1, ...]}]}
LambdaLR's function is named: "inverse" is e -> 1 / (1 + e), "warmup4" is e -> min(1, (e + 1) / 4).
Numbers are Python's shortest round-trip representation, so double.Parse gives back the exact value.
"""
import argparse
import json
import os
import subprocess
import sys

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_optim.json")
STEPS = 3
SCHEDULER_STEPS = 12

INITIAL = [[1.0, -2.0, 0.5], [[0.3, -0.7], [1.2, 2.0]]]
A = [[1.0, 3.0, 0.5], [[2.0, 1.0], [0.25, 4.0]]]
C = [[0.2, 0.4, -1.0], [[-0.5, 0.1], [0.6, -0.3]]]
ONE_GROUP = [{"params": [0, 1]}]

LAMBDAS = {"inverse": lambda e: 1 / (1 + e), "warmup4": lambda e: min(1.0, (e + 1) / 4)}


def t(values):
    return torch.tensor(values, dtype=torch.float64)


def enc(x):
    x = x.detach()
    assert x.dtype == torch.float64
    return {"shape": list(x.shape), "data": x.reshape(-1).tolist()}


def optimizer_case(name, optimizer, options, groups=ONE_GROUP, check=None):
    params = [t(p).requires_grad_() for p in INITIAL]
    a, c = [t(v) for v in A], [t(v) for v in C]
    torch_groups = [{**{k: v for k, v in g.items() if k != "params"}, "params": [params[i] for i in g["params"]]}
                    for g in groups]
    kwargs = {k: tuple(v) if k == "betas" else v for k, v in options.items()}
    opt = getattr(torch.optim, optimizer)(torch_groups, **kwargs)
    steps = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = sum(0.5 * (ai * (p - ci) ** 2).sum() for p, ai, ci in zip(params, a, c))
        loss.backward()
        opt.step()
        steps.append([enc(p) for p in params])
    state = {}
    for index, s in opt.state_dict()["state"].items():
        state[str(index)] = {k: float(v) if k == "step" else enc(v) for k, v in s.items() if v is not None}
    if check:
        check(opt.state_dict()["state"])
    return {"name": name, "optimizer": optimizer, "options": options, "groups": groups, "steps": steps, "state": state}


def amsgrad_matters(state):
    """The case only tests amsgrad if the running maximum differs from the current second moment."""
    assert any(not torch.equal(s["max_exp_avg_sq"], s["exp_avg_sq"]) for s in state.values())


def optimizers():
    groups_lr = [{"params": [0], "lr": 0.1}, {"params": [1], "lr": 0.01}]
    groups_wd = [{"params": [0], "weight_decay": 0.5}, {"params": [1], "weight_decay": 0.0}]
    cases = [
        ("sgd", "SGD", {"lr": 0.1}),
        ("sgd_momentum", "SGD", {"lr": 0.1, "momentum": 0.9}),
        ("sgd_momentum_dampening", "SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.5}),
        ("sgd_nesterov", "SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
        ("sgd_weight_decay", "SGD", {"lr": 0.1, "weight_decay": 0.1}),
        ("sgd_nesterov_weight_decay", "SGD", {"lr": 0.1, "momentum": 0.5, "weight_decay": 0.2, "nesterov": True}),
        ("sgd_groups_lr", "SGD", {"lr": 0.5, "momentum": 0.9}, groups_lr),
        ("sgd_groups_weight_decay", "SGD", {"lr": 0.1, "weight_decay": 0.1}, groups_wd),
        ("adam", "Adam", {"lr": 0.1}),
        ("adam_betas_eps", "Adam", {"lr": 0.05, "betas": [0.8, 0.9], "eps": 1e-3}),
        ("adam_weight_decay", "Adam", {"lr": 0.1, "weight_decay": 0.5}),
        ("adam_amsgrad", "Adam", {"lr": 0.5, "betas": [0.9, 0.5], "amsgrad": True}, ONE_GROUP, amsgrad_matters),
        ("adam_amsgrad_weight_decay", "Adam", {"lr": 0.5, "betas": [0.9, 0.5], "weight_decay": 0.3, "amsgrad": True},
         ONE_GROUP, amsgrad_matters),
        ("adam_groups_lr", "Adam", {"lr": 0.5}, groups_lr),
        ("adam_groups_weight_decay", "Adam", {"lr": 0.1}, groups_wd),
        ("adamw", "AdamW", {"lr": 0.1}),
        ("adamw_weight_decay", "AdamW", {"lr": 0.1, "weight_decay": 0.5}),
        ("adamw_amsgrad", "AdamW", {"lr": 0.5, "betas": [0.9, 0.5], "weight_decay": 0.1, "amsgrad": True},
         ONE_GROUP, amsgrad_matters),
        ("adamw_groups_weight_decay", "AdamW", {"lr": 0.1}, groups_wd),
        ("rmsprop", "RMSprop", {}),
        ("rmsprop_alpha_eps", "RMSprop", {"lr": 0.02, "alpha": 0.9, "eps": 1e-3}),
        ("rmsprop_momentum", "RMSprop", {"lr": 0.01, "momentum": 0.9}),
        ("rmsprop_centered", "RMSprop", {"lr": 0.01, "centered": True}),
        ("rmsprop_weight_decay", "RMSprop", {"lr": 0.01, "weight_decay": 0.5}),
        ("rmsprop_centered_momentum_weight_decay", "RMSprop",
         {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "centered": True, "weight_decay": 0.1}),
        ("rmsprop_groups_lr", "RMSprop", {"lr": 0.1}, groups_lr),
        ("adagrad", "Adagrad", {"lr": 0.1}),
        ("adagrad_defaults", "Adagrad", {}),
        ("adagrad_lr_decay", "Adagrad", {"lr": 0.1, "lr_decay": 0.5}),
        ("adagrad_weight_decay", "Adagrad", {"lr": 0.1, "weight_decay": 0.2}),
        ("adagrad_initial_accumulator_eps", "Adagrad", {"lr": 0.1, "initial_accumulator_value": 0.5, "eps": 1e-3}),
        ("adagrad_all_options", "Adagrad",
         {"lr": 0.1, "lr_decay": 0.1, "weight_decay": 0.1, "initial_accumulator_value": 0.2, "eps": 1e-5}),
        ("adagrad_groups_lr", "Adagrad", {"lr": 0.1}, groups_lr),
    ]
    return [optimizer_case(*c) for c in cases]


def scheduler_case(name, scheduler, options, group_lrs=(0.1, 0.02), lam=None):
    params = [torch.zeros(1, dtype=torch.float64, requires_grad=True) for _ in group_lrs]
    opt = torch.optim.SGD([{"params": [p], "lr": lr} for p, lr in zip(params, group_lrs)], lr=1.0)
    kwargs = dict(options)
    if lam:
        kwargs["lr_lambda"] = LAMBDAS[lam]
    sched = getattr(torch.optim.lr_scheduler, scheduler)(opt, **kwargs)
    lrs = [list(sched.get_last_lr())]
    for _ in range(SCHEDULER_STEPS):
        opt.step()
        sched.step()
        lrs.append(list(sched.get_last_lr()))
    record = {"name": name, "scheduler": scheduler, "options": options, "group_lrs": list(group_lrs), "lrs": lrs}
    if lam:
        record["lambda"] = lam
    return record


def schedulers():
    return [
        scheduler_case("step_lr", "StepLR", {"step_size": 3, "gamma": 0.5}),
        scheduler_case("step_lr_default_gamma", "StepLR", {"step_size": 2}),
        scheduler_case("exponential_lr", "ExponentialLR", {"gamma": 0.9}),
        scheduler_case("cosine_annealing_lr", "CosineAnnealingLR", {"T_max": 5, "eta_min": 0.001}),
        scheduler_case("cosine_annealing_lr_eta_min_0", "CosineAnnealingLR", {"T_max": 8}),
        scheduler_case("linear_lr_warmup", "LinearLR", {"start_factor": 0.25, "total_iters": 4}),
        scheduler_case("linear_lr_defaults", "LinearLR", {}),
        scheduler_case("linear_lr_decay", "LinearLR", {"start_factor": 1.0, "end_factor": 0.1, "total_iters": 3}),
        scheduler_case("lambda_lr_inverse", "LambdaLR", {}, lam="inverse"),
        scheduler_case("lambda_lr_warmup", "LambdaLR", {}, lam="warmup4"),
    ]


def build():
    torch.set_num_threads(1)
    try:
        pkg = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}", "python3-torch"],
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pkg = None
    doc = {"generator": "make_torch_optim.py", "torch_version": torch.__version__, "torch_package": pkg,
           "dtype": "float64",
           "description": "Parameters of torch.optim optimizers after each of 3 steps on a quadratic, and lr_scheduler "
                          "sequences; see the docstring of make_torch_optim.py for the schema.",
           "problem": {"initial": [enc(t(p)) for p in INITIAL], "A": [enc(t(v)) for v in A], "C": [enc(t(v)) for v in C]},
           "optimizers": optimizers(), "schedulers": schedulers()}
    head = {k: v for k, v in doc.items() if k not in ("optimizers", "schedulers")}
    lines = ["{" + ", ".join(f"{json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}" for k, v in head.items()) + ","]
    for key in ("optimizers", "schedulers"):
        lines.append(f"{json.dumps(key)}: [")
        lines.append(",\n".join(json.dumps(c, separators=(",", ":"), allow_nan=False) for c in doc[key]))
        lines.append("]" + ("," if key == "optimizers" else "}"))
    return "\n".join(lines) + "\n", len(doc["optimizers"]), len(doc["schedulers"])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--check", action="store_true", help="compare with the existing file instead of writing it")
    p.add_argument("--out", default=OUT)
    args = p.parse_args()
    text, n_opt, n_sched = build()
    json.loads(text)
    if args.check:
        with open(args.out) as f:
            same = f.read() == text
        print(f"{args.out}: {'up to date' if same else 'DIFFERS from what this script produces'}")
        sys.exit(0 if same else 1)
    with open(args.out, "w") as f:
        f.write(text)
    print(f"wrote {args.out}: {n_opt} optimizer cases, {n_sched} scheduler cases, {len(text.encode()) / 1e3:.1f} kB")


if __name__ == "__main__":
    main()
