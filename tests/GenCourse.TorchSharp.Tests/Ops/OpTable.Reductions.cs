extern alias Embedded;

using E = Embedded::GenCourse.torch;
using EF = Embedded::GenCourse.torch.nn.functional;
using T = TorchSharp.torch;
using TF = TorchSharp.torch.nn.functional;
using static CrossEngine.Tests.Ops.RandomInputs;

namespace CrossEngine.Tests.Ops;

public static partial class OpTable
{
    // TorchSharp 0.107's linalg.vector_norm passes `ord.ToScalar().Handle` to native code and keeps nothing alive: a
    // garbage collection during the call can finalize the temporary Scalar, and libtorch then throws "Unknown scalar
    // type" (seen once in CI). The call runs in a no-GC region (when the runtime grants one), so the oracle is stable.
    static T.Tensor WithoutCollection(Func<T.Tensor> call)
    {
        bool region = false;
        try { region = GC.TryStartNoGCRegion(16 << 20); } catch (InvalidOperationException) { }   // already in one
        try { return call(); }
        finally
        {
            if (region && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
        }
    }

    /// <summary>A tensor of any rank (0-d included) with one dim to reduce and a random keepdim.</summary>
    static Case AlongDim(Random r, Domain domain = Domain.Real, int minRank = 0, bool allowEmpty = true)
    {
        var shape = Shape(r, minRank, 4, allowEmpty);
        return new Case([In(shape, domain)], new Args { Dim = Dim(r, shape.Length), KeepDim = r.NextDouble() < 0.5 });
    }

    /// <summary>A tensor of rank >= 1 with several distinct dims to reduce and a random keepdim.</summary>
    static Case AlongDims(Random r, Domain domain = Domain.Real, bool allowEmpty = true)
    {
        var shape = Shape(r, 1, 4, allowEmpty);
        return new Case([In(shape, domain)], new Args { Dims = SomeDims(r, shape.Length), KeepDim = r.NextDouble() < 0.5 });
    }

    static Case Whole(Random r, Domain domain = Domain.Real, bool allowEmpty = true) => new(In(Shape(r, 0, 4, allowEmpty), domain));

    /// <summary>The case with a random unbiased flag (Args.Flag) for var and std.</summary>
    static Case Unbiased(Random r, Case c) => c with { Args = c.Args with { Flag = r.NextDouble() < 0.5 } };

    /// <summary>
    /// The case without expanded views: the std of equal non-integer values is 0 on one engine and ~1e-17 on the other
    /// (their means round differently), whose gradient is then rounding noise of size 1. Ties (exact integers) test std = 0.
    /// </summary>
    static Case NoExpand(Case c) => c with { Inputs = c.Inputs.Select(i => i with { Expand = false }).ToArray() };

    static Case NormOrder(Random r, Case c) => c with { Args = c.Args with { P = NormOrders[r.Next(NormOrders.Length)] } };

    const string StdFloat32 = "libtorch's float32 std gradient overflows for subnormal spreads: grad / (2 std) with std ~1e-40 is inf in float32 " +
        "(the engine reduces float32 in double, as libtorch's forward does)";

    const string SoftmaxNonFinite = "a row holding +inf: libtorch gives NaN for the whole row, the embedded engine -inf for its finite entries (logsumexp is inf on both); neither is documented";

    static readonly double[] NormOrders = [2, 1, double.PositiveInfinity, 3, 0.5];

    static IEnumerable<OpCase> Reductions() =>
    [
        One("sum()", r => Whole(r), (x, _) => x.sum(), (x, _) => x.sum()),
        One("sum(dim, keepdim)", r => AlongDim(r), (x, a) => x.sum(a.Dim, a.KeepDim), (x, a) => x.sum(a.Dim, a.KeepDim)),
        One("sum(dims, keepdim)", r => AlongDims(r), (x, a) => x.sum(a.Dims, a.KeepDim), (x, a) => x.sum(a.Dims, a.KeepDim)),
        One("torch.sum", r => Whole(r), (x, _) => E.sum(x), (x, _) => T.sum(x)),
        One("mean()", r => Whole(r), (x, _) => x.mean(), (x, _) => x.mean()),
        One("mean(dims, keepdim)", r => AlongDims(r), (x, a) => x.mean(a.Dims, a.KeepDim), (x, a) => x.mean(a.Dims, a.KeepDim)),
        One("torch.mean", r => Whole(r), (x, _) => E.mean(x), (x, _) => T.mean(x)),
        One("var()", r => Whole(r), (x, _) => x.var(), (x, _) => x.var()),
        One("var(unbiased: false)", r => Whole(r), (x, _) => x.var(unbiased: false), (x, _) => x.var(Enumerable.Range(0, (int)x.dim()).Select(d => (long)d).ToArray(), unbiased: false)) with
        {
            ApiDifference = "TorchSharp 0.107's Tensor.var(bool unbiased) and torch.var(Tensor, bool) ignore unbiased (var(false) of [1, 2, 3] is 1, not 2/3), so libtorch is reached through var(dims, unbiased)",
        },
        One("var(dim, unbiased, keepdim)", r => Unbiased(r, AlongDim(r)),
            (x, a) => x.var(a.Dim, a.Flag, a.KeepDim), (x, a) => x.var(a.Dim, a.Flag, a.KeepDim)),
        One("var(dims, unbiased, keepdim)", r => Unbiased(r, AlongDims(r)),
            (x, a) => x.var(a.Dims, a.Flag, a.KeepDim), (x, a) => x.var(a.Dims, a.Flag, a.KeepDim)),
        One("std()", r => NoExpand(Whole(r)), (x, _) => x.std(), (x, _) => x.std()) with { Float64Reference = StdFloat32 },
        One("std(dim, unbiased, keepdim)", r => NoExpand(Unbiased(r, AlongDim(r))),
            (x, a) => x.std(a.Dim, a.Flag, a.KeepDim), (x, a) => x.std(a.Dim, a.Flag, a.KeepDim)) with { Float64Reference = StdFloat32 },
        One("std(dims, unbiased, keepdim) with ties", r => Unbiased(r, AlongDims(r, Domain.Ties)),
            (x, a) => x.std(a.Dims, a.Flag, a.KeepDim), (x, a) => x.std(a.Dims, a.Flag, a.KeepDim)) with { Float64Reference = StdFloat32 },
        One("max()", r => Whole(r, Domain.Ties, allowEmpty: false), (x, _) => x.max(), (x, _) => x.max()),
        One("min()", r => Whole(r, Domain.Ties, allowEmpty: false), (x, _) => x.min(), (x, _) => x.min()),
        One("max(dim).values", r => AlongDim(r, Domain.Ties), (x, a) => x.max(a.Dim, a.KeepDim).values, (x, a) => x.max(a.Dim, a.KeepDim).values),
        One("max(dim).indexes", r => AlongDim(r, Domain.Ties), (x, a) => x.max(a.Dim, a.KeepDim).indexes, (x, a) => x.max(a.Dim, a.KeepDim).indexes) with { ForwardOnly = true },
        One("min(dim).values", r => AlongDim(r, Domain.Ties), (x, a) => x.min(a.Dim, a.KeepDim).values, (x, a) => x.min(a.Dim, a.KeepDim).values),
        One("min(dim).indexes", r => AlongDim(r, Domain.Ties), (x, a) => x.min(a.Dim, a.KeepDim).indexes, (x, a) => x.min(a.Dim, a.KeepDim).indexes) with { ForwardOnly = true },
        One("max(dim).values (real)", r => AlongDim(r, allowEmpty: false), (x, a) => x.max(a.Dim, a.KeepDim).values, (x, a) => x.max(a.Dim, a.KeepDim).values),
        One("amax(dims, keepdim)", r => AlongDims(r, Domain.Ties), (x, a) => x.amax(a.Dims, a.KeepDim), (x, a) => x.amax(a.Dims, a.KeepDim)),
        One("amin(dims, keepdim)", r => AlongDims(r, Domain.Ties), (x, a) => x.amin(a.Dims, a.KeepDim), (x, a) => x.amin(a.Dims, a.KeepDim)),
        One("argmax(dim, keepdim)", r => AlongDim(r, Domain.Ties), (x, a) => x.argmax(a.Dim, a.KeepDim), (x, a) => x.argmax(a.Dim, a.KeepDim)) with { ForwardOnly = true },
        One("argmin(dim, keepdim)", r => AlongDim(r, Domain.Ties), (x, a) => x.argmin(a.Dim, a.KeepDim), (x, a) => x.argmin(a.Dim, a.KeepDim)) with { ForwardOnly = true },
        One("argmax()", r => Whole(r, Domain.Ties, allowEmpty: false), (x, _) => x.argmax(), (x, _) => x.argmax()) with { ForwardOnly = true },
        One("argmin()", r => Whole(r, Domain.Ties, allowEmpty: false), (x, _) => x.argmin(), (x, _) => x.argmin()) with { ForwardOnly = true },
        One("logsumexp(dim, keepdim)", r => AlongDim(r), (x, a) => x.logsumexp(a.Dim, a.KeepDim), (x, a) => x.logsumexp(a.Dim, a.KeepDim)),
        One("torch.logsumexp", r => AlongDim(r), (x, a) => E.logsumexp(x, a.Dim, a.KeepDim), (x, a) => T.logsumexp(x, a.Dim, a.KeepDim)),
        One("norm(p)", r => new Case([In(Shape(r), Domain.Ties)], new Args { P = NormOrders[r.Next(NormOrders.Length)] }),
            (x, a) => x.norm((float)a.P), (x, a) => x.norm((float)a.P)),
        One("norm(dim, keepdim, p)", r => NormOrder(r, AlongDim(r, Domain.Ties, minRank: 1)),
            (x, a) => x.norm(a.Dim, a.KeepDim, (float)a.P), (x, a) => x.norm(a.Dim, a.KeepDim, (float)a.P)),
        One("linalg.vector_norm(ord, dims, keepdim)", r => NormOrder(r, AlongDims(r, Domain.Ties, allowEmpty: false)),
            (x, a) => E.linalg.vector_norm(x, a.P, a.Dims, a.KeepDim), (x, a) => WithoutCollection(() => T.linalg.vector_norm(x, a.P, a.Dims, a.KeepDim))),
        One("norm(p) real", r => new Case([In(Shape(r))], new Args { P = NormOrders[r.Next(NormOrders.Length)] }),
            (x, a) => x.norm((float)a.P), (x, a) => x.norm((float)a.P)) with
        {
            NoEdgeValues = "for p = 3 or 0.5 a tiny x underflows in |x|^p, so the norm is 0: the engine's gradient is then 0 (PyTorch's value at a zero norm), " +
                "libtorch's NaN, the true one sign(x); norm(p) with ties covers exact zeros",
        },
        One("prod()", r => Whole(r), (x, _) => x.prod(), (x, _) => x.prod()),
        One("prod() with ties", r => Whole(r, Domain.Ties), (x, _) => x.prod(), (x, _) => x.prod()),
        One("prod(dim, keepdim)", r => AlongDim(r), (x, a) => x.prod(a.Dim, a.KeepDim), (x, a) => x.prod(a.Dim, a.KeepDim)),
        One("prod(dim, keepdim) with ties", r => AlongDim(r, Domain.Ties), (x, a) => x.prod(a.Dim, a.KeepDim), (x, a) => x.prod(a.Dim, a.KeepDim)),
        One("torch.prod", r => Whole(r), (x, _) => E.prod(x), (x, _) => T.prod(x)),
        One("torch.prod(dim, keepdim)", r => AlongDim(r), (x, a) => E.prod(x, a.Dim, a.KeepDim), (x, a) => T.prod(x, a.Dim, a.KeepDim)),
        One("cumsum(dim)", r => AlongDim(r), (x, a) => x.cumsum(a.Dim), (x, a) => x.cumsum(a.Dim)),
        One("torch.cumsum", r => AlongDim(r), (x, a) => E.cumsum(x, a.Dim), (x, a) => T.cumsum(x, a.Dim)),
        One("softmax(dim)", r => AlongDim(r), (x, a) => x.softmax(a.Dim), (x, a) => x.softmax(a.Dim)) with { NoNonFinite = SoftmaxNonFinite },
        One("log_softmax(dim)", r => AlongDim(r), (x, a) => x.log_softmax(a.Dim), (x, a) => x.log_softmax(a.Dim)) with { NoNonFinite = SoftmaxNonFinite },
        One("torch.softmax", r => AlongDim(r), (x, a) => E.softmax(x, a.Dim), (x, a) => T.softmax(x, a.Dim)) with { NoNonFinite = SoftmaxNonFinite },
        One("F.softmax", r => AlongDim(r), (x, a) => EF.softmax(x, a.Dim), (x, a) => TF.softmax(x, a.Dim)) with { NoNonFinite = SoftmaxNonFinite },
        One("F.log_softmax", r => AlongDim(r), (x, a) => EF.log_softmax(x, a.Dim), (x, a) => TF.log_softmax(x, a.Dim)) with { NoNonFinite = SoftmaxNonFinite },
    ];
}
