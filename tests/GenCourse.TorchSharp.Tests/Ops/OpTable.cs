extern alias Embedded;

using ETensor = Embedded::GenCourse.Tensor;
using TTensor = TorchSharp.torch.Tensor;
using ERed = Embedded::GenCourse.torch.nn.Reduction;
using TRed = TorchSharp.torch.nn.Reduction;
using static CrossEngine.Tests.Ops.RandomInputs;

namespace CrossEngine.Tests.Ops;

/// <summary>
/// Every public op both engines have, as pairs of calls of the same-named API on each engine, with the random cases
/// it is checked on. The pairs are written alike on purpose: where they cannot be, the entry says how the
/// signatures differ (<see cref="OpCase.ApiDifference"/>).
/// </summary>
public static partial class OpTable
{
    public static readonly OpCase[] All = [.. Elementwise(), .. Bools(), .. Reductions(), .. ShapeOps(), .. LinearAlgebra(), .. Functional(), .. Creation()];

    public static OpCase Find(string name) => All.Single(op => op.Name == name);

    // Ops that one engine has and the other does not, so they are not in the table:
    // Embedded only: F.embedding (TorchSharp has the nn.Embedding module), Tensor.slogdet() (both have linalg.slogdet),
    // the static torch.relu and torch.log_softmax (both have the Tensor and F forms), and shorthands kept beside
    // TorchSharp's signatures: mean(long dim), logsumexp(long[] dims), the string forms of F.gelu, F.pad,
    // F.interpolate, nn.GELU and nn.Upsample(double scale_factor), and kl_div's batchmean.

    // ---- builders -------------------------------------------------------------------------------------------

    /// <summary>A pointwise op of one tensor of any shape (0-d, empty and size-1 dims included).</summary>
    static OpCase Unary(string name, Func<ETensor, ETensor> e, Func<TTensor, TTensor> t, Domain domain = Domain.Real) =>
        new(name, r => new Case(new InputSpec(Shape(r), domain)), (x, _) => e(x[0]), (x, _) => t(x[0])) { Pointwise = true };

    /// <summary>A pointwise op of two tensors whose shapes broadcast together.</summary>
    static OpCase Binary(string name, Func<ETensor, ETensor, ETensor> e, Func<TTensor, TTensor, TTensor> t, Domain a = Domain.Real, Domain b = Domain.Real) =>
        new(name, r =>
        {
            var (sa, sb) = Broadcastable(r);
            return new Case(new InputSpec(sa, a), new InputSpec(sb, b));
        }, (x, _) => e(x[0], x[1]), (x, _) => t(x[0], x[1])) { Pointwise = true };

    /// <summary>An op of one tensor with random arguments.</summary>
    static OpCase One(string name, Func<Random, Case> sample, Func<ETensor, Args, ETensor> e, Func<TTensor, Args, TTensor> t) =>
        new(name, sample, (x, a) => e(x[0], a), (x, a) => t(x[0], a));

    /// <summary>An op of several tensors with random arguments.</summary>
    static OpCase Many(string name, Func<Random, Case> sample, Func<ETensor[], Args, ETensor> e, Func<TTensor[], Args, TTensor> t) =>
        new(name, sample, e, t);

    static InputSpec In(long[] shape, Domain domain = Domain.Real, bool grad = true) => new(shape, domain, grad);

    static InputSpec Index(long[] shape, long bound) => new(shape, Domain.Index, false) { IndexBound = Math.Max(bound, 1) };

    static InputSpec Mask(long[] shape) => new(shape, Domain.Mask, false);

    static InputSpec Bool(long[] shape) => new(shape, Domain.Bool, false);

    static ERed ERed(Args a) => (ERed)a.N;

    static TRed TRed(Args a) => (TRed)a.N;

    /// <summary>A random reduction: none, mean or sum (in Args.N).</summary>
    static long Reduction(Random r) => r.Next(3);

    /// <summary>Distinct dims of a tensor of rank <paramref name="rank"/> in random order, some negative.</summary>
    static long[] SomeDims(Random r, int rank, int min = 1)
    {
        int count = r.Next(Math.Min(min, rank), rank + 1);
        return Enumerable.Range(0, rank).OrderBy(_ => r.Next()).Take(count).Select(d => (long)(r.NextDouble() < 0.3 ? d - rank : d)).ToArray();
    }
}
