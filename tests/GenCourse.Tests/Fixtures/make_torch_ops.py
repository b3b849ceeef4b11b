#!/usr/bin/python3
"""Writes torch_ops.json: float64 forward and backward reference values of PyTorch ops.

Regenerate (from the repository root):
    /usr/bin/python3 tests/GenCourse.Tests/Fixtures/make_torch_ops.py
Check that the committed file is what this script and this torch produce:
    /usr/bin/python3 tests/GenCourse.Tests/Fixtures/make_torch_ops.py --check

The GenCourse kit never runs Python: this script only produces the committed fixture file.

Every case stores its inputs (the C# side does not reproduce torch's RNG). Inputs come from a
torch.Generator seeded with crc32(case name), so adding or removing a case changes no other case.
Random float inputs are rounded to 4 decimals, so that they print short and round-trip exactly;
the outputs and gradients are stored with full float64 precision (shortest round-trip repr).

Schema (one case per line in the file):
  {"generator": "make_torch_ops.py", "torch_version": ..., "dtype": "float64", ...,
   "cases": [ {"name", "op", "function", "args", "inputs", "grad_output", "output", "grads",
               "extra", "note"} ] }
  op        short name of the torch function; "function" is its qualified Python name.
  args      the non-tensor keyword arguments, exactly as passed to the call (tuples as lists).
  inputs    tensor keyword arguments: {"shape": [...], "dtype": "float64"|"int64"|"bool",
            "data": [flat, row-major]}; bool data as 0/1. A 0-dim tensor has shape [] and 1 value.
            The call is function(**inputs, **args). An argument absent from inputs/args takes
            the torch default (e.g. no "bias" means bias=None).
  output    the (first) result. grad_output: the tensor G used for the backward pass.
  grads     d(sum(output * G)) / d(input) for every float input except running_mean,
            running_var and target (which are not differentiated). Absent for integer outputs.
  extra     further results, e.g. "indices" (int64) of torch.max / max_pool2d, or
            "running_mean_after"/"running_var_after" of batch_norm in training mode.
  note      optional free text (e.g. how ties are handled).
"""
import argparse
import json
import os
import subprocess
import sys
import zlib

import torch
import torch.nn.functional as F

DECIMALS = 4
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_ops.json")
NO_GRAD = {"running_mean", "running_var", "target"}

# op name -> (callable, qualified name)
_F = ["gelu", "elu", "softplus", "logsigmoid", "silu", "leaky_relu", "relu", "log_softmax", "softmax",
      "conv1d", "conv2d", "conv_transpose2d", "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d",
      "interpolate", "pad", "batch_norm", "layer_norm", "group_norm", "embedding", "one_hot",
      "cross_entropy", "binary_cross_entropy_with_logits", "mse_loss"]
_T = ["sigmoid", "tanh", "log1p", "expm1", "rsqrt", "pow", "atan2", "logsumexp", "var", "std", "amax",
      "amin", "max", "cumsum", "gather", "scatter_add", "index_select", "flip", "roll", "triu", "tril",
      "where", "masked_fill"]
OPS = {**{n: (getattr(F, n), "torch.nn.functional." + n) for n in _F},
       **{n: (getattr(torch, n), "torch." + n) for n in _T}}


# ----------------------------------------------------------------------------- inputs
def gen(name):
    return torch.Generator().manual_seed(zlib.crc32(name.encode()))


def rounded(x):
    x = torch.round(x * 10 ** DECIMALS) / 10 ** DECIMALS
    return torch.where(x == 0, torch.full_like(x, 0.5), x)   # no exact zeros (relu kinks etc.)


def randn(g, *shape, scale=1.0):
    return rounded(scale * torch.randn(tuple(shape), generator=g, dtype=torch.float64))


def uniform(g, lo, hi, *shape):
    return rounded(lo + (hi - lo) * torch.rand(tuple(shape), generator=g, dtype=torch.float64))


def distinct(g, *shape, scale=1.0):
    """Random values with no two equal (max pooling / max without ties)."""
    while True:
        x = randn(g, *shape, scale=scale)
        if torch.unique(x).numel() == x.numel():
            return x


def ints(g, high, *shape):
    return torch.randint(0, high, shape, generator=g, dtype=torch.int64)


def with_values(x, values):
    """x with its first len(values) flat elements replaced (e.g. values beyond a threshold)."""
    x = x.clone().reshape(-1)
    x[:len(values)] = torch.tensor(values, dtype=torch.float64)
    return x


def t(values, dtype=torch.float64):
    return torch.tensor(values, dtype=dtype)


# ----------------------------------------------------------------------------- encoding
def enc(x):
    x = x.detach()
    if x.dtype == torch.float64:
        dtype, data = "float64", x.reshape(-1).tolist()
    elif x.dtype == torch.int64:
        dtype, data = "int64", x.reshape(-1).tolist()
    elif x.dtype == torch.bool:
        dtype, data = "bool", x.reshape(-1).to(torch.int64).tolist()
    else:
        raise TypeError(f"unexpected dtype {x.dtype}")
    return {"shape": list(x.shape), "dtype": dtype, "data": data}


def dec(d):
    dtype = {"float64": torch.float64, "int64": torch.int64, "bool": torch.int64}[d["dtype"]]
    x = torch.tensor(d["data"], dtype=dtype).reshape(d["shape"])
    return x.to(torch.bool) if d["dtype"] == "bool" else x


# ----------------------------------------------------------------------------- cases
CASES = []


def case(name, op, inputs, args=None, extra=None, note=None):
    """Run function(**inputs, **args); record output, grads of sum(output * G), extras."""
    args = args or {}
    fn, qual = OPS[op]
    record = {"name": name, "op": op, "function": qual, "args": args,
              "inputs": {k: enc(v) for k, v in inputs.items()}}
    call, leaves = {}, {}
    for k, v in inputs.items():
        v = v.clone()
        if v.is_floating_point() and k not in NO_GRAD:
            v.requires_grad_(True)
            leaves[k] = v
        call[k] = v
    out = fn(**call, **args)
    more = {}
    if isinstance(out, tuple):                      # torch.max(input, dim) -> (values, indices)
        out, idx = out
        more["indices"] = enc(idx)
    if extra is not None:
        more.update({k: enc(v) for k, v in extra(call, args).items()})
    if leaves and out.requires_grad:
        g_out = randn(gen(name + "/grad_output"), *out.shape)
        grads = torch.autograd.grad((out * g_out).sum(), list(leaves.values()), allow_unused=True)
        record["grad_output"] = enc(g_out)
        record["output"] = enc(out)
        record["grads"] = {k: enc(gr if gr is not None else torch.zeros_like(leaves[k]))
                           for k, gr in zip(leaves, grads)}
    else:
        record["output"] = enc(out)
    if more:
        record["extra"] = more
    if note:
        record["note"] = note
    assert name not in {c["name"] for c in CASES}, name
    CASES.append(record)


def activations():
    for approx in ["none", "tanh"]:
        n = f"gelu_{approx}"
        case(n, "gelu", {"input": randn(gen(n), 3, 7, scale=2)}, {"approximate": approx})
    for alpha in [1.0, 0.5]:
        n = f"elu_alpha{alpha:g}"
        case(n, "elu", {"input": randn(gen(n), 3, 7, scale=2)}, {"alpha": alpha})
    n = "softplus_beta1_threshold20"
    x = with_values(randn(gen(n), 3, 7, scale=3), [-30.0, -5.0, 19.5, 20.0, 20.5, 25.0, 40.0])
    case(n, "softplus", {"input": x.reshape(3, 7)}, {"beta": 1.0, "threshold": 20.0},
         note="linear (output = input) where input*beta > threshold; at input*beta == threshold "
              "exactly (one element) the softplus branch is used")
    n = "softplus_beta2_threshold20"
    x = with_values(randn(gen(n), 3, 7, scale=3), [-30.0, -5.0, 9.5, 10.0, 10.5, 12.5, 30.0])
    case(n, "softplus", {"input": x.reshape(3, 7)}, {"beta": 2.0, "threshold": 20.0},
         note="linear (output = input) where input*beta > threshold; at input*beta == threshold "
              "exactly (one element) the softplus branch is used")
    n = "logsigmoid_large"
    x = with_values(randn(gen(n), 3, 7, scale=3), [-800.0, -100.0, -40.0, -20.0, 20.0, 40.0, 100.0, 800.0])
    case(n, "logsigmoid", {"input": x.reshape(3, 7)})
    for op in ["silu", "sigmoid", "relu"]:
        case(op, op, {"input": randn(gen(op), 3, 7, scale=2)})
    n = "tanh"
    case(n, "tanh", {"input": with_values(randn(gen(n), 3, 7, scale=2), [-20.0, 20.0]).reshape(3, 7)})
    for slope in [0.01, 0.2]:
        n = f"leaky_relu_{slope:g}"
        case(n, "leaky_relu", {"input": randn(gen(n), 3, 7, scale=2)}, {"negative_slope": slope})
    case("log1p", "log1p", {"input": uniform(gen("log1p"), -0.9, 3.0, 3, 7)})
    n = "expm1"
    case(n, "expm1", {"input": with_values(randn(gen(n), 3, 7, scale=2), [1e-10, -3e-9, 1e-5]).reshape(3, 7)})
    case("rsqrt", "rsqrt", {"input": uniform(gen("rsqrt"), 0.1, 4.0, 3, 7)})
    g = gen("pow_tensor_exponent")
    case("pow_tensor_exponent", "pow", {"input": uniform(g, 0.2, 3.0, 3, 7), "exponent": randn(g, 3, 7)})
    g = gen("pow_tensor_exponent_broadcast")
    case("pow_tensor_exponent_broadcast", "pow",
         {"input": uniform(g, 0.2, 3.0, 3, 7), "exponent": randn(g, 7)},
         note="exponent [7] broadcasts against input [3,7]; its grad is summed over the broadcast dim")
    g = gen("atan2")
    case("atan2", "atan2", {"input": randn(g, 3, 7), "other": randn(g, 3, 7)})
    g = gen("atan2_broadcast")
    case("atan2_broadcast", "atan2", {"input": randn(g, 3, 7), "other": randn(g, 3, 1)})


def reductions():
    for n, args in [("logsumexp_dim1", {"dim": 1, "keepdim": False}),
                    ("logsumexp_dim-1_keepdim", {"dim": -1, "keepdim": True}),
                    ("logsumexp_dims0_2", {"dim": [0, 2], "keepdim": False})]:
        case(n, "logsumexp", {"input": randn(gen(n), 3, 4, 5, scale=2)}, args)
    n = "logsumexp_large_dim1"
    case(n, "logsumexp", {"input": randn(gen(n), 3, 5, scale=2) + 1000.0}, {"dim": 1, "keepdim": False})
    for op in ["softmax", "log_softmax"]:
        for dim in [0, 1, -1]:
            n = f"{op}_dim{dim}"
            case(n, op, {"input": randn(gen(n), 3, 4, 5, scale=2)}, {"dim": dim})
        n = f"{op}_large_dim1"
        x = with_values(randn(gen(n), 3, 5, scale=2), [800.0, -800.0, 1000.0, 999.0]).reshape(3, 5)
        case(n, op, {"input": x}, {"dim": 1})
    for op in ["var", "std"]:
        for unbiased in [True, False]:
            n = f"{op}_all_unbiased{unbiased}"
            case(n, op, {"input": randn(gen(n), 3, 5, scale=2)}, {"unbiased": unbiased})
            n = f"{op}_dim1_unbiased{unbiased}"
            case(n, op, {"input": randn(gen(n), 3, 5, 2, scale=2)}, {"dim": 1, "unbiased": unbiased, "keepdim": False})
        n = f"{op}_dims0_2_keepdim_unbiasedTrue"
        case(n, op, {"input": randn(gen(n), 3, 5, 2, scale=2)}, {"dim": [0, 2], "unbiased": True, "keepdim": True})
    ties = t([[1.5, 3.0, 3.0, -0.5, 0.25, 3.0],
              [2.0, 2.0, -1.0, 0.5, -1.0, -1.0],
              [-0.75, 4.0, 1.0, 4.0, -2.0, 3.0],
              [2.0, 0.5, -1.0, 0.5, 0.5, 0.5],
              [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]])   # ties along rows, along columns and overall
    tie_note = "ties: torch splits the gradient evenly among the tied extreme elements"
    for op in ["amax", "amin"]:
        for n, args in [(f"{op}_ties_dim1", {"dim": [1], "keepdim": False}),
                        (f"{op}_ties_dim0_keepdim", {"dim": [0], "keepdim": True}),
                        (f"{op}_ties_all", {"dim": [0, 1], "keepdim": False})]:
            case(n, op, {"input": ties}, args, note=tie_note)
    for n, args in [("max_dim1", {"dim": 1, "keepdim": False}), ("max_dim0_keepdim", {"dim": 0, "keepdim": True})]:
        case(n, "max", {"input": distinct(gen(n), 3, 5, 2)}, args,
             note="torch.max(input, dim, keepdim) returns (values, indices): output = values, "
                  "extra.indices = indices; the gradient goes to the arg-max element (no ties in data)")
    for dim in [0, 1, -1]:
        n = f"cumsum_dim{dim}"
        case(n, "cumsum", {"input": randn(gen(n), 3, 4, 5)}, {"dim": dim})


def convolutions():
    def conv(n, op, x_shape, w_shape, bias, args, scale=0.5):
        g = gen(n)
        inputs = {"input": randn(g, *x_shape), "weight": randn(g, *w_shape, scale=scale)}
        if bias:
            out_channels = w_shape[0] if op != "conv_transpose2d" else w_shape[1] * args.get("groups", 1)
            inputs["bias"] = randn(g, out_channels)
        case(n, op, inputs, args)

    c1 = {"stride": [1], "padding": [0], "dilation": [1], "groups": 1}
    conv("conv1d_basic", "conv1d", [2, 3, 9], [4, 3, 3], True, c1)
    conv("conv1d_stride2_pad1", "conv1d", [2, 3, 9], [4, 3, 3], True, {**c1, "stride": [2], "padding": [1]})
    conv("conv1d_dil2_pad2", "conv1d", [2, 3, 11], [4, 3, 3], True, {**c1, "padding": [2], "dilation": [2]})
    conv("conv1d_groups2_nobias", "conv1d", [2, 4, 9], [6, 2, 3], False, {**c1, "groups": 2})
    conv("conv1d_stride3_pad2_dil2_groups2", "conv1d", [2, 4, 12], [4, 2, 4], True,
         {"stride": [3], "padding": [2], "dilation": [2], "groups": 2})

    c2 = {"stride": [1, 1], "padding": [0, 0], "dilation": [1, 1], "groups": 1}
    conv("conv2d_k3_pad1", "conv2d", [2, 3, 5, 4], [4, 3, 3, 3], True, {**c2, "padding": [1, 1]})
    conv("conv2d_k3_stride2_nobias", "conv2d", [2, 3, 7, 7], [3, 3, 3, 3], False, {**c2, "stride": [2, 2]})
    conv("conv2d_stride2_pad1_dil2_groups2", "conv2d", [2, 4, 7, 6], [4, 2, 3, 3], True,
         {"stride": [2, 2], "padding": [1, 1], "dilation": [2, 2], "groups": 2})
    conv("conv2d_depthwise_mult2_pad1", "conv2d", [2, 3, 5, 4], [6, 1, 3, 3], True,
         {**c2, "padding": [1, 1], "groups": 3})
    conv("conv2d_rect_k2x3_stride2x1_pad1x0", "conv2d", [2, 3, 5, 6], [4, 3, 2, 3], True,
         {**c2, "stride": [2, 1], "padding": [1, 0]})
    conv("conv2d_k1_nobias", "conv2d", [2, 3, 3, 5], [4, 3, 1, 1], False, c2)
    conv("conv2d_rect_dil2x1_pad0x2_stride1x2", "conv2d", [1, 2, 7, 6], [3, 2, 3, 3], True,
         {"stride": [1, 2], "padding": [0, 2], "dilation": [2, 1], "groups": 1})

    ct = {"stride": [1, 1], "padding": [0, 0], "output_padding": [0, 0], "groups": 1, "dilation": [1, 1]}
    conv("conv_transpose2d_k3_stride2_pad1_outpad1", "conv_transpose2d", [2, 3, 3, 4], [3, 2, 3, 3], True,
         {**ct, "stride": [2, 2], "padding": [1, 1], "output_padding": [1, 1]})
    conv("conv_transpose2d_k4_stride2_pad1", "conv_transpose2d", [2, 3, 3, 3], [3, 2, 4, 4], True,
         {**ct, "stride": [2, 2], "padding": [1, 1]})
    conv("conv_transpose2d_groups2", "conv_transpose2d", [2, 4, 3, 4], [4, 2, 3, 3], True, {**ct, "groups": 2})
    conv("conv_transpose2d_dil2_stride2_pad1_outpad1", "conv_transpose2d", [1, 2, 3, 3], [2, 3, 3, 3], True,
         {**ct, "stride": [2, 2], "padding": [1, 1], "output_padding": [1, 1], "dilation": [2, 2]})
    conv("conv_transpose2d_rect_k2x3_stride2x1_pad0x1_nobias", "conv_transpose2d", [2, 3, 3, 4], [3, 2, 2, 3],
         False, {**ct, "stride": [2, 1], "padding": [0, 1]})
    conv("conv_transpose2d_stride3x2_outpad2x1_groups2_dil1x2", "conv_transpose2d", [1, 4, 2, 3],
         [4, 1, 2, 2], True, {"stride": [3, 2], "padding": [0, 1], "output_padding": [2, 1], "groups": 2,
                              "dilation": [1, 2]})


def pooling():
    def pool_indices(call, args):
        _, idx = F.max_pool2d(call["input"].detach(), **args, return_indices=True)
        return {"indices": idx}

    mp = {"kernel_size": [2, 2], "stride": [2, 2], "padding": [0, 0], "dilation": [1, 1], "ceil_mode": False}
    mp_note = ("extra.indices from the same call with return_indices=True: flat index h*W+w within "
               "each (n, c) plane of the input; no ties in the data")
    for n, args, shape in [
            ("max_pool2d_k2_s2", mp, [2, 2, 6, 5]),
            ("max_pool2d_k3_s2_p1", {**mp, "kernel_size": [3, 3], "padding": [1, 1]}, [2, 2, 7, 6]),
            ("max_pool2d_k3_s1_p1_dil2", {**mp, "kernel_size": [3, 3], "stride": [1, 1], "padding": [1, 1],
                                          "dilation": [2, 2]}, [1, 2, 6, 7]),
            ("max_pool2d_k2_s2_ceil", {**mp, "ceil_mode": True}, [2, 2, 7, 5]),
            ("max_pool2d_rect_k3x2_s2x1", {**mp, "kernel_size": [3, 2], "stride": [2, 1]}, [1, 2, 7, 5])]:
        case(n, "max_pool2d", {"input": distinct(gen(n), *shape)}, args, extra=pool_indices, note=mp_note)

    ap = {"kernel_size": [2, 2], "stride": [2, 2], "padding": [0, 0], "ceil_mode": False, "count_include_pad": True}
    for n, args, shape in [
            ("avg_pool2d_k2_s2", ap, [2, 2, 6, 5]),
            ("avg_pool2d_k3_s2_p1_include_pad", {**ap, "kernel_size": [3, 3], "padding": [1, 1]}, [2, 2, 7, 6]),
            ("avg_pool2d_k3_s2_p1_exclude_pad", {**ap, "kernel_size": [3, 3], "padding": [1, 1],
                                                 "count_include_pad": False}, [2, 2, 7, 6]),
            ("avg_pool2d_k3_s1_p1_exclude_pad", {**ap, "kernel_size": [3, 3], "stride": [1, 1], "padding": [1, 1],
                                                 "count_include_pad": False}, [1, 2, 5, 4]),
            ("avg_pool2d_k3_s2_p1_ceil_include_pad", {**ap, "kernel_size": [3, 3], "padding": [1, 1],
                                                      "ceil_mode": True}, [1, 2, 6, 6])]:
        case(n, "avg_pool2d", {"input": randn(gen(n), *shape)}, args)

    for n, size, shape in [("adaptive_avg_pool2d_1x1", [1, 1], [2, 3, 5, 4]),
                           ("adaptive_avg_pool2d_3x2_from_7x5", [3, 2], [2, 2, 7, 5]),
                           ("adaptive_avg_pool2d_4x3_from_5x6", [4, 3], [1, 2, 5, 6])]:
        case(n, "adaptive_avg_pool2d", {"input": randn(gen(n), *shape)}, {"output_size": size})

    for n, args, shape in [("interpolate_nearest_scale2", {"scale_factor": 2.0, "mode": "nearest"}, [2, 2, 3, 4]),
                           ("interpolate_nearest_size5x7_from_3x4", {"size": [5, 7], "mode": "nearest"}, [1, 2, 3, 4]),
                           ("interpolate_nearest_size2x3_from_5x7", {"size": [2, 3], "mode": "nearest"}, [1, 2, 5, 7])]:
        case(n, "interpolate", {"input": randn(gen(n), *shape)}, args,
             note="nearest: source index = floor(dst_index * in_size / out_size)")

    for n, args, shape in [("pad_constant_2d", {"pad": [1, 2], "mode": "constant", "value": 0.5}, [2, 3, 4]),
                           ("pad_constant_4d", {"pad": [2, 1, 0, 3], "mode": "constant", "value": -1.25}, [1, 2, 3, 4]),
                           ("pad_reflect_2d", {"pad": [2, 3], "mode": "reflect"}, [2, 3, 5]),
                           ("pad_reflect_4d", {"pad": [1, 2, 3, 1], "mode": "reflect"}, [1, 2, 4, 5]),
                           ("pad_replicate_2d", {"pad": [3, 1], "mode": "replicate"}, [2, 3, 5]),
                           ("pad_replicate_4d", {"pad": [2, 1, 1, 3], "mode": "replicate"}, [1, 2, 3, 4])]:
        case(n, "pad", {"input": randn(gen(n), *shape)}, args,
             note="pad lists (left, right) of the last dim first, then (top, bottom) of the one before")


def normalisation():
    def running_after(call, args):
        return {"running_mean_after": call["running_mean"], "running_var_after": call["running_var"]}

    for n, shape, training, affine in [("batch_norm_train_2d", [6, 4], True, True),
                                       ("batch_norm_train_4d", [3, 4, 3, 2], True, True),
                                       ("batch_norm_train_4d_noaffine", [2, 3, 3, 3], True, False),
                                       ("batch_norm_eval_2d", [5, 4], False, True),
                                       ("batch_norm_eval_4d", [2, 3, 3, 2], False, True)]:
        g = gen(n)
        c = shape[1]
        inputs = {"input": randn(g, *shape, scale=1.5) + 0.5, "running_mean": randn(g, c, scale=0.2),
                  "running_var": uniform(g, 0.5, 1.5, c)}
        if affine:
            inputs["weight"] = uniform(g, 0.5, 1.5, c)
            inputs["bias"] = randn(g, c, scale=0.5)
        case(n, "batch_norm", inputs, {"training": training, "momentum": 0.1, "eps": 1e-5},
             extra=running_after if training else None,
             note=("training: normalise with the biased batch variance; running_var is updated with the "
                   "unbiased one: r = (1 - momentum) * r + momentum * batch_stat") if training else
                  "eval: normalise with running_mean / running_var")

    for n, shape, norm, affine in [("layer_norm_last1", [3, 5], [5], True),
                                   ("layer_norm_last2", [2, 3, 4], [3, 4], True),
                                   ("layer_norm_last1_noaffine", [2, 3, 6], [6], False),
                                   ("layer_norm_last2_noaffine", [2, 3, 4], [3, 4], False)]:
        g = gen(n)
        inputs = {"input": randn(g, *shape, scale=2)}
        if affine:
            inputs["weight"] = uniform(g, 0.5, 1.5, *norm)
            inputs["bias"] = randn(g, *norm, scale=0.5)
        case(n, "layer_norm", inputs, {"normalized_shape": norm, "eps": 1e-5})

    for n, shape, groups, affine in [("group_norm_g1", [2, 4, 3, 3], 1, True),
                                     ("group_norm_g2", [2, 4, 3, 3], 2, True),
                                     ("group_norm_gC", [2, 4, 3, 3], 4, True),
                                     ("group_norm_g2_noaffine", [2, 4, 3, 2], 2, False),
                                     ("group_norm_g3_3d", [2, 6, 5], 3, True)]:
        g = gen(n)
        inputs = {"input": randn(g, *shape, scale=2)}
        if affine:
            inputs["weight"] = uniform(g, 0.5, 1.5, shape[1])
            inputs["bias"] = randn(g, shape[1], scale=0.5)
        case(n, "group_norm", inputs, {"num_groups": groups, "eps": 1e-5})


def indexing():
    idx = t([[1, 3, 1, 5], [0, 3, 3, 2]], torch.int64)
    case("embedding_repeated", "embedding", {"input": idx, "weight": randn(gen("embedding_repeated"), 6, 3)},
         note="repeated indices accumulate into the weight gradient")
    case("embedding_padding_idx0", "embedding", {"input": idx, "weight": randn(gen("embedding_padding_idx0"), 6, 3)},
         {"padding_idx": 0}, note="row padding_idx is looked up as usual but gets zero gradient")

    case("one_hot_5", "one_hot", {"input": t([[0, 4, 2], [2, 1, 0]], torch.int64)}, {"num_classes": 5})
    case("one_hot_infer", "one_hot", {"input": t([3, 0, 1, 3], torch.int64)}, {"num_classes": -1},
         note="num_classes=-1: max(input) + 1 classes")

    g = gen("gather_dim1")
    case("gather_dim1", "gather", {"input": randn(g, 3, 5), "index": t([[0, 4, 4, 1], [2, 2, 2, 3], [1, 0, 4, 0]], torch.int64)},
         {"dim": 1})
    g = gen("gather_dim0")
    case("gather_dim0", "gather", {"input": randn(g, 3, 4), "index": t([[2, 0, 1, 2], [2, 2, 0, 1]], torch.int64)},
         {"dim": 0})
    g = gen("scatter_add_dim1")
    case("scatter_add_dim1", "scatter_add",
         {"input": randn(g, 3, 5), "index": t([[0, 4, 4, 1], [2, 2, 2, 3], [1, 0, 4, 0]], torch.int64),
          "src": randn(g, 3, 4)}, {"dim": 1}, note="repeated indices accumulate")
    g = gen("scatter_add_dim0")
    case("scatter_add_dim0", "scatter_add",
         {"input": randn(g, 3, 4), "index": t([[2, 0, 1, 2], [2, 2, 0, 1]], torch.int64),
          "src": randn(g, 2, 4)}, {"dim": 0}, note="repeated indices accumulate")
    g = gen("index_select_dim0")
    case("index_select_dim0", "index_select", {"input": randn(g, 4, 3), "index": t([3, 0, 3, 1, 3], torch.int64)},
         {"dim": 0})
    g = gen("index_select_dim1")
    case("index_select_dim1", "index_select", {"input": randn(g, 2, 5, 2), "index": t([4, 4, 0], torch.int64)},
         {"dim": 1})

    for n, dims in [("flip_dim0", [0]), ("flip_dims1_2", [1, 2]), ("flip_dim-1", [-1])]:
        case(n, "flip", {"input": randn(gen(n), 2, 3, 4)}, {"dims": dims})
    for n, args in [("roll_2_dim1", {"shifts": [2], "dims": [1]}),
                    ("roll_1_-2_dims0_2", {"shifts": [1, -2], "dims": [0, 2]}),
                    ("roll_-7_dim2", {"shifts": [-7], "dims": [2]}),
                    ("roll_3_flat", {"shifts": [3]})]:
        case(n, "roll", {"input": randn(gen(n), 2, 3, 4)}, args,
             note="no dims: the tensor is flattened, rolled and restored to its shape" if "dims" not in args else None)
    for op in ["triu", "tril"]:
        for d in [0, 1, -1, 2, -3]:
            n = f"{op}_diag{d}"
            case(n, op, {"input": randn(gen(n), 4, 5)}, {"diagonal": d})
        n = f"{op}_batched_diag-1"
        case(n, op, {"input": randn(gen(n), 2, 3, 4)}, {"diagonal": -1})

    g = gen("where")
    case("where", "where", {"condition": randn(g, 3, 4) > 0, "input": randn(g, 3, 4), "other": randn(g, 3, 4)})
    g = gen("where_broadcast")
    case("where_broadcast", "where", {"condition": randn(g, 3, 4) > 0, "input": randn(g, 3, 4), "other": randn(g, 1, 4)},
         note="other [1,4] broadcasts; its grad is summed over dim 0")
    g = gen("masked_fill")
    case("masked_fill", "masked_fill", {"input": randn(g, 3, 4), "mask": randn(g, 3, 4) > 0}, {"value": -2.5})
    g = gen("masked_fill_broadcast_mask")
    case("masked_fill_broadcast_mask", "masked_fill", {"input": randn(g, 2, 3, 4), "mask": randn(g, 3, 1) > 0},
         {"value": 7.0})


def losses():
    """Not in the original list; used by the benchmark workloads (mlp-step, vae-epoch)."""
    for red in ["mean", "sum"]:
        n = f"cross_entropy_{red}"
        g = gen(n)
        case(n, "cross_entropy", {"input": randn(g, 5, 4, scale=2), "target": t([3, 0, 1, 3, 2], torch.int64)},
             {"reduction": red})
        n = f"binary_cross_entropy_with_logits_{red}"
        g = gen(n)
        x = with_values(randn(g, 3, 5, scale=3), [-50.0, 40.0, -800.0, 800.0]).reshape(3, 5)
        case(n, "binary_cross_entropy_with_logits", {"input": x, "target": uniform(g, 0.0, 1.0, 3, 5)},
             {"reduction": red})
        n = f"mse_loss_{red}"
        g = gen(n)
        case(n, "mse_loss", {"input": randn(g, 3, 4), "target": randn(g, 3, 4)}, {"reduction": red})


def build():
    torch.set_num_threads(1)          # deterministic summation order
    for part in [activations, reductions, convolutions, pooling, normalisation, indexing, losses]:
        part()
    try:
        pkg = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}", "python3-torch"],
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pkg = None
    head = {"generator": "make_torch_ops.py", "torch_version": torch.__version__, "torch_package": pkg,
            "dtype": "float64",
            "description": "Inputs, output, grad_output G and grads d(sum(output*G))/d(input) of torch ops; "
                           "see the docstring of make_torch_ops.py for the schema."}
    lines = ["{" + ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in head.items()) + ", \"cases\": ["]
    lines.append(",\n".join(json.dumps(c, separators=(",", ":"), allow_nan=False) for c in CASES))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def self_check(text):
    """Decode the stored inputs, rerun each op and compare with the stored results bit for bit."""
    doc = json.loads(text)
    for c in doc["cases"]:
        fn, _ = OPS[c["op"]]
        inputs = {k: dec(v) for k, v in c["inputs"].items()}
        for k, v in inputs.items():
            assert enc(v) == c["inputs"][k], (c["name"], k)
        out = fn(**inputs, **c["args"])
        out = out[0] if isinstance(out, tuple) else out
        assert enc(out) == c["output"], c["name"]
    return len(doc["cases"])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--check", action="store_true", help="compare with the existing file instead of writing it")
    p.add_argument("--out", default=OUT)
    args = p.parse_args()
    text = build()
    n = self_check(text)
    if args.check:
        with open(args.out) as f:
            same = f.read() == text
        print(f"{args.out}: {'up to date' if same else 'DIFFERS from what this script produces'} ({n} cases)")
        sys.exit(0 if same else 1)
    with open(args.out, "w") as f:
        f.write(text)
    print(f"wrote {args.out}: {n} cases, {len(text.encode()) / 1e6:.3f} MB")


if __name__ == "__main__":
    main()
