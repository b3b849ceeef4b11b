#!/usr/bin/env python3
"""Reference values of torch.distributions and torch.linalg (from torch) and of the gamma-family special functions
and erfinv (from mpmath), in float64, for the GenCourse distribution and linear-algebra tests. Writes distribution_refs.json next to this script.

    /usr/bin/python3 tests/GenCourse.Tests/Fixtures/make_distribution_refs.py          # write
    /usr/bin/python3 tests/GenCourse.Tests/Fixtures/make_distribution_refs.py --check  # exit 1 if the file differs

Schema (see README.md): a tensor is {"shape", "dtype", "data"}; non-finite numbers are the strings
"inf", "-inf", "nan". A distribution is {"type", "params": {name: tensor}} or, for the composite ones,
{"type": "Independent", "base": dist, "reinterpreted_batch_ndims": n},
{"type": "MixtureSameFamily", "mixture": dist, "component": dist},
{"type": "TransformedDistribution", "base": dist, "transforms": [{"type": "Affine", "loc": x, "scale": y} | {"type": "Exp"} | {"type": "Sigmoid"}]}.
"""
import json
import math
import os
import sys

import mpmath
import torch
import torch.distributions as D
from torch.distributions.transforms import AffineTransform, ExpTransform, SigmoidTransform

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
# Out-of-support values (Uniform) are evaluated, not rejected, so their -inf log-density is in the file.
D.Distribution.set_default_validate_args(False)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "distribution_refs.json")


def num(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def enc(t):
    t = torch.as_tensor(t)
    dtype = "int64" if t.dtype == torch.int64 else "float64"
    return {"shape": list(t.shape), "dtype": dtype,
            "data": [int(v) for v in t.reshape(-1).tolist()] if dtype == "int64" else [num(v) for v in t.reshape(-1).tolist()]}


def T(values):
    return torch.tensor(values, dtype=torch.float64)


# Each spec builds the torch distribution and describes it for the C# side.
def normal(loc, scale):
    return D.Normal(T(loc), T(scale)), {"type": "Normal", "params": {"loc": enc(T(loc)), "scale": enc(T(scale))}}


def bernoulli(probs=None, logits=None):
    if probs is not None:
        return D.Bernoulli(probs=T(probs)), {"type": "Bernoulli", "params": {"probs": enc(T(probs))}}
    return D.Bernoulli(logits=T(logits)), {"type": "Bernoulli", "params": {"logits": enc(T(logits))}}


def categorical(probs=None, logits=None, one_hot=False):
    cls, name = (D.OneHotCategorical, "OneHotCategorical") if one_hot else (D.Categorical, "Categorical")
    if probs is not None:
        return cls(probs=T(probs)), {"type": name, "params": {"probs": enc(T(probs))}}
    return cls(logits=T(logits)), {"type": name, "params": {"logits": enc(T(logits))}}


def two(cls, name, a_name, b_name, a, b):
    return cls(T(a), T(b)), {"type": name, "params": {a_name: enc(T(a)), b_name: enc(T(b))}}


def logistic(loc, scale):
    # torch has no Logistic class: it is Uniform(0, 1) pushed through logit and an affine map.
    base = D.Uniform(torch.zeros(len(loc)), torch.ones(len(loc)))
    d = D.TransformedDistribution(base, [SigmoidTransform().inv, AffineTransform(T(loc), T(scale))])
    return d, {"type": "Logistic", "params": {"loc": enc(T(loc)), "scale": enc(T(scale))}}


def mvn(loc, covariance_matrix=None, scale_tril=None):
    if covariance_matrix is not None:
        return (D.MultivariateNormal(T(loc), covariance_matrix=T(covariance_matrix)),
                {"type": "MultivariateNormal", "params": {"loc": enc(T(loc)), "covariance_matrix": enc(T(covariance_matrix))}})
    return (D.MultivariateNormal(T(loc), scale_tril=T(scale_tril)),
            {"type": "MultivariateNormal", "params": {"loc": enc(T(loc)), "scale_tril": enc(T(scale_tril))}})


def independent(spec, n):
    d, desc = spec
    return D.Independent(d, n), {"type": "Independent", "base": desc, "reinterpreted_batch_ndims": n}


def mixture(mix, comp):
    return (D.MixtureSameFamily(mix[0], comp[0]),
            {"type": "MixtureSameFamily", "mixture": mix[1], "component": comp[1]})


def transformed(spec, transforms):
    d, desc = spec
    torch_ts, descs = [], []
    for t in transforms:
        if t[0] == "Affine":
            torch_ts.append(AffineTransform(t[1], t[2]))
            descs.append({"type": "Affine", "loc": t[1], "scale": t[2]})
        elif t[0] == "Exp":
            torch_ts.append(ExpTransform())
            descs.append({"type": "Exp"})
        else:
            torch_ts.append(SigmoidTransform())
            descs.append({"type": "Sigmoid"})
    return D.TransformedDistribution(d, torch_ts), {"type": "TransformedDistribution", "base": desc, "transforms": descs}


def case(name, spec, value, icdf_input=None, members=("log_prob", "entropy", "mean", "variance", "stddev", "cdf", "icdf")):
    d, desc = spec
    out = {"name": name, "distribution": desc, "batch_shape": list(d.batch_shape), "event_shape": list(d.event_shape)}
    value = torch.as_tensor(value) if torch.is_tensor(value) else T(value)
    out["value"] = enc(value)
    results = {}
    for m in members:
        try:
            if m == "log_prob":
                results[m] = enc(d.log_prob(value))
            elif m == "cdf":
                results[m] = enc(d.cdf(value))
            elif m == "icdf":
                if icdf_input is None:
                    continue
                out["icdf_input"] = enc(T(icdf_input))
                results[m] = enc(d.icdf(T(icdf_input)))
            elif m == "entropy":
                results[m] = enc(d.entropy())
            else:
                results[m] = enc(getattr(d, m))
        except NotImplementedError:
            pass
    out["results"] = results
    return out


def kl_case(name, p, q):
    return {"name": name, "p": p[1], "q": q[1], "kl": enc(D.kl_divergence(p[0], q[0]))}


def spd(seed, n, batch=()):
    g = torch.Generator().manual_seed(seed)
    a = torch.randn(*batch, n, n, generator=g)
    return (a @ a.transpose(-2, -1) + n * torch.eye(n)).round(decimals=4)


def lower(seed, n):
    g = torch.Generator().manual_seed(seed)
    l = torch.randn(n, n, generator=g).tril(-1) + torch.diag(torch.rand(n, generator=g) + 0.5)
    return l.round(decimals=4)


def build():
    cases = [
        case("normal", normal([0.3, -1.2, 2.0], [0.5, 1.7, 3.0]), [[0.1, 0.0, -4.5], [2.2, -3.3, 2.0]],
             icdf_input=[[0.01, 0.5, 0.999], [0.3, 0.77, 0.12]]),
        case("normal_broadcast", normal([[0.5], [-2.0]], [0.25, 1.0, 4.0]), [[1.0, -1.0, 3.0]]),
        case("bernoulli_probs", bernoulli(probs=[0.01, 0.5, 0.9, 0.999]), [[0.0, 1.0, 1.0, 0.0], [1.0, 0.0, 1.0, 1.0]]),
        case("bernoulli_logits", bernoulli(logits=[-30.0, -2.0, 0.0, 3.5, 40.0]), [[1.0, 0.0, 1.0, 0.0, 1.0], [0.0, 1.0, 0.0, 1.0, 0.0]]),
        case("categorical_probs", categorical(probs=[[0.2, 0.0, 1.3, 0.5], [1.0, 1.0, 1.0, 1.0]]),
             torch.tensor([[0, 2], [1, 3], [3, 0]])),
        case("categorical_logits", categorical(logits=[[0.1, -2.0, 3.0, 0.5, 0.0], [10.0, -10.0, 0.0, 1.0, 2.0], [0.0, 0.0, 0.0, 0.0, 0.0]]),
             torch.tensor([4, 0, 2])),
        case("one_hot_categorical", categorical(logits=[0.3, -1.0, 2.0, 0.0], one_hot=True),
             [[0.0, 0.0, 1.0, 0.0], [1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]]),
        case("uniform", two(D.Uniform, "Uniform", "low", "high", [-1.0, 2.0], [3.0, 2.5]),
             [[0.0, 2.1], [-2.0, 2.4999], [2.9, 3.0]], icdf_input=[[0.0, 0.25], [0.5, 0.999]]),
        case("laplace", two(D.Laplace, "Laplace", "loc", "scale", [0.0, 1.5, -2.0], [1.0, 0.3, 2.5]),
             [[0.5, 1.5, -7.0], [-3.0, 2.2, 0.0]], icdf_input=[[0.01, 0.5, 0.9], [0.3, 0.999, 0.2]]),
        case("logistic", logistic([0.0, 1.5, -2.0], [1.0, 0.3, 2.5]), [[0.5, 1.5, -7.0], [-3.0, 2.2, 0.0]],
             icdf_input=[[0.01, 0.5, 0.9], [0.3, 0.999, 0.2]], members=("log_prob", "cdf", "icdf")),
        case("beta", two(D.Beta, "Beta", "concentration1", "concentration0", [0.5, 1.0, 2.5, 7.0], [0.7, 3.0, 2.5, 1.2]),
             [[0.1, 0.5, 0.3, 0.95], [0.999, 0.01, 0.5, 0.6]]),
        case("mvn_scale_tril", mvn([[0.0, 1.0, -1.0], [2.0, 0.5, 0.0]], scale_tril=lower(3, 3).tolist()),
             [[[0.1, 0.2, 0.3]], [[-1.0, 2.0, 0.5]], [[3.0, -2.0, 1.0]], [[0.0, 0.0, 0.0]]]),
        case("mvn_covariance_batched", mvn([0.5, -0.5, 1.0], covariance_matrix=spd(5, 3, (2,)).tolist()),
             [[[0.1, 0.2, 0.3]], [[-1.0, 2.0, 0.5]], [[3.0, -2.0, 1.0]]]),
        case("independent_normal", independent(normal([[0.0, 1.0, -1.0], [0.5, 0.5, 2.0]], [[1.0, 2.0, 0.5], [0.3, 1.0, 1.5]]), 1),
             [[[0.2, 0.4, -1.1], [0.0, 0.0, 0.0]], [[1.0, 1.0, 1.0], [-1.0, 2.0, 3.0]]]),
        case("mixture_gaussian_2d",
             mixture(categorical(logits=[[0.0, 1.0, -1.0], [2.0, 0.0, 0.5]]),
                     independent(normal([[[0.0, 0.0], [2.0, 1.0], [-1.0, 3.0]], [[1.0, -1.0], [0.0, 0.5], [4.0, 4.0]]],
                                        [[[1.0, 0.5], [0.3, 0.3], [2.0, 1.0]], [[0.7, 0.7], [1.5, 0.2], [1.0, 3.0]]]), 1)),
             [[[0.1, 0.2], [1.0, 1.0]], [[2.0, 1.0], [-3.0, 0.0]], [[-1.0, 3.0], [4.0, 4.5]]],
             members=("log_prob", "mean", "variance")),
        case("mixture_gaussian_1d",
             mixture(categorical(probs=[0.2, 0.5, 0.3]), normal([-2.0, 0.0, 3.0], [0.5, 1.0, 2.0])),
             [-2.0, -1.0, 0.0, 0.5, 3.0, 10.0], members=("log_prob", "mean", "variance")),
        case("log_normal", transformed(normal([0.0, 0.5], [1.0, 0.3]), [("Exp",)]), [[0.5, 1.0], [2.0, 1.7], [0.01, 3.0]],
             icdf_input=[[0.1, 0.5], [0.9, 0.25]], members=("log_prob", "cdf", "icdf")),
        case("affine_sigmoid", transformed(normal([0.0, 0.5], [1.0, 0.3]), [("Affine", 1.5, -2.0), ("Sigmoid",)]),
             [[0.5, 0.9], [0.2, 0.99], [0.01, 0.75]], icdf_input=[[0.1, 0.5], [0.9, 0.25]], members=("log_prob", "cdf", "icdf")),
    ]
    kl = [
        kl_case("normal_normal", normal([0.3, -1.2, 2.0], [0.5, 1.7, 3.0]), normal([0.0, 1.0, 2.5], [1.0, 0.4, 3.0])),
        kl_case("normal_normal_broadcast", normal([[0.0], [1.0]], [1.0, 2.0, 0.5]), normal([0.5, 0.5, 0.5], [1.0, 1.0, 1.0])),
        kl_case("mvn_mvn", mvn([[0.0, 1.0, -1.0], [2.0, 0.5, 0.0]], scale_tril=lower(3, 3).tolist()),
                mvn([0.5, -0.5, 1.0], covariance_matrix=spd(5, 3, (2,)).tolist())),
        kl_case("bernoulli_bernoulli", bernoulli(probs=[0.01, 0.5, 0.9, 0.999]), bernoulli(logits=[-1.0, 0.3, 5.0, 2.0])),
        kl_case("categorical_categorical", categorical(probs=[[0.2, 0.0, 1.3, 0.5], [1.0, 1.0, 1.0, 1.0]]),
                categorical(logits=[[0.1, -2.0, 3.0, 0.5], [10.0, -10.0, 0.0, 1.0]])),
        kl_case("one_hot_one_hot", categorical(probs=[0.1, 0.6, 0.3], one_hot=True), categorical(logits=[0.0, 1.0, -1.0], one_hot=True)),
        kl_case("independent_independent",
                independent(normal([[0.0, 1.0, -1.0], [0.5, 0.5, 2.0]], [[1.0, 2.0, 0.5], [0.3, 1.0, 1.5]]), 1),
                independent(normal([[0.1, 0.0, 0.0], [1.0, -0.5, 2.0]], [[2.0, 1.0, 1.0], [0.5, 0.5, 0.5]]), 1)),
    ]
    # The special functions are evaluated with mpmath at 50 digits, not with torch: torch 1.13's polygamma(1, x)
    # is off by up to ~3e-10 relative (e.g. at x = 0.5, where the exact value is pi^2 / 2).
    mpmath.mp.dps = 50
    xs = [0.01, 0.1, 0.5, 0.9, 1.0, 1.5, 2.0, 2.5, 3.7, 9.99, 10.0, 10.01, 25.3, 150.2, 1e5]
    negatives = [-0.5, -1.5, -2.3, -7.77]
    ys = [-0.999999, -0.99, -0.7, -0.3, -0.01, 0.0, 0.2, 0.5, 0.51, 0.8, 0.95, 0.9999, 0.99999999]

    def mp_erfinv(y):
        return mpmath.findroot(lambda x: mpmath.erf(x) - y, mpmath.mpf(float(torch.erfinv(T(y))))) if y != 0 else mpmath.mpf(0)

    functions = [("lgamma", xs + negatives, lambda x: mpmath.log(abs(mpmath.gamma(x)))),
                 ("digamma", xs + negatives, mpmath.digamma)]
    functions += [(f"polygamma{n}", xs, lambda x, n=n: mpmath.polygamma(n, x)) for n in (1, 2, 3)]
    functions.append(("erfinv", ys, mp_erfinv))
    special = [{"function": name, "source": "mpmath " + mpmath.__version__ + ", 50 digits",
                "input": enc(T(inputs)), "output": enc(T([float(f(mpmath.mpf(x))) for x in inputs]))}
               for name, inputs, f in functions]

    a = spd(11, 4, (2,))
    l = lower(12, 4)
    b = torch.randn(2, 4, 3, generator=torch.Generator().manual_seed(13)).round(decimals=4)
    g = torch.randn(4, 4, generator=torch.Generator().manual_seed(14)).round(decimals=4) + 4 * torch.eye(4)
    sign, logabsdet = torch.linalg.slogdet(g)
    linalg = [
        {"function": "cholesky", "input": enc(a), "output": enc(torch.linalg.cholesky(a))},
        {"function": "inv", "input": enc(g), "output": enc(torch.linalg.inv(g))},
        {"function": "slogdet", "input": enc(g), "sign": enc(sign), "logabsdet": enc(logabsdet), "det": enc(torch.linalg.det(g))},
        {"function": "solve_triangular_lower", "A": enc(l), "B": enc(b), "output": enc(torch.linalg.solve_triangular(l, b, upper=False))},
        {"function": "solve_triangular_upper_right", "A": enc(l.T), "B": enc(b.transpose(-2, -1)),
         "output": enc(torch.linalg.solve_triangular(l.T.contiguous(), b.transpose(-2, -1), upper=True, left=False))},
    ]
    return {"generator": "make_distribution_refs.py", "torch_version": torch.__version__, "dtype": "float64",
            "description": "torch.distributions log_prob/entropy/cdf/icdf/moments and KL divergences and torch.linalg factorisations "
                           "(from torch), and lgamma/digamma/polygamma/erfinv (from mpmath), in float64",
            "cases": cases, "kl": kl, "special": special, "linalg": linalg}


def dump(obj):
    return json.dumps(obj, indent=None, separators=(",", ":")).replace('{"name"', '\n{"name"') + "\n"


if __name__ == "__main__":
    text = dump(build())
    if "--check" in sys.argv:
        with open(OUT) as f:
            same = f.read() == text
        print("distribution_refs.json is " + ("up to date" if same else "OUT OF DATE"))
        sys.exit(0 if same else 1)
    with open(OUT, "w") as f:
        f.write(text)
    print(f"wrote {OUT}")
