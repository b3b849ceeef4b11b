extern alias Embedded;

using E = Embedded::GenCourse.torch;
using EF = Embedded::GenCourse.torch.nn.functional;
using ETensor = Embedded::GenCourse.Tensor;
using T = TorchSharp.torch;
using TF = TorchSharp.torch.nn.functional;
using TTensor = TorchSharp.torch.Tensor;
using static CrossEngine.Tests.Ops.RandomInputs;

namespace CrossEngine.Tests.Ops;

/// <summary>A value of an expression graph as the generator sees it: its shape, its C# name and the embedded engine's values (for domain checks).</summary>
public sealed record GraphValue(string Name, long[] Shape, double[] Values)
{
    public int Rank => Shape.Length;
}

/// <summary>
/// One step an expression graph can take: <see cref="Plan"/> looks at the operands' shapes and values and returns the
/// step's arguments, or null when the op does not apply (wrong rank, outside its domain); <see cref="Embedded"/> and
/// <see cref="Torch"/> are the same call on each engine and <see cref="Code"/> prints it as C# for the repro.
/// </summary>
public sealed record GraphOp(
    string Name,
    int Arity,
    Func<GraphValue[], Random, Args?> Plan,
    Func<ETensor[], Args, ETensor> Embedded,
    Func<TTensor[], Args, TTensor> Torch,
    Func<string[], Args, string> Code);

/// <summary>The vocabulary of the random expression graphs: shared ops, each applied only where its shapes and domain allow.</summary>
public static class GraphOps
{
    static string B(bool b) => b ? "true" : "false";

    static string L(IEnumerable<long> v) => string.Join(", ", v);

    static Args? Always(GraphValue[] x, Random r) => Args.None;

    static Args? Positive(GraphValue[] x, Random r) => x[0].Values.All(v => v > 0.05) ? Args.None : null;

    static Args? AwayFromZero(GraphValue[] x, Random r) => x[0].Values.All(v => Math.Abs(v) > 0.1) ? Args.None : null;

    /// <summary>|x| &lt; 10: sin(e^8) in float32 has lost its argument's last digits, and the chain rule multiplies them by e^8.</summary>
    static Args? Moderate(GraphValue[] x, Random r) => x[0].Values.All(v => Math.Abs(v) < 10) ? Args.None : null;

    /// <summary>Every row of the last dim spread out: a row of equal values has variance 0, where normalising returns rounding noise times 1/sqrt(eps).</summary>
    static Args? SpreadRows(GraphValue[] x, Random r)
    {
        if (x[0].Rank == 0 || x[0].Shape[^1] < 3) return null;
        int n = (int)x[0].Shape[^1];
        return x[0].Values.Chunk(n).All(row => row.Max() - row.Min() > 0.1) ? Args.None : null;
    }

    static Args? WithDim(GraphValue[] x, Random r) => x[0].Rank == 0 ? null : new Args { Dim = Dim(r, x[0].Rank), KeepDim = r.NextDouble() < 0.5 };

    static bool Broadcasts(long[] a, long[] b)
    {
        for (int i = 1; i <= Math.Min(a.Length, b.Length); i++)
            if (a[^i] != b[^i] && a[^i] != 1 && b[^i] != 1) return false;
        return true;
    }

    static Args? Broadcasting(GraphValue[] x, Random r) => Broadcasts(x[0].Shape, x[1].Shape) ? Args.None : null;

    /// <summary>An op of one operand; <paramref name="code"/> is its C# with {0} for the operand.</summary>
    static GraphOp Unary(string name, Func<ETensor, ETensor> e, Func<TTensor, TTensor> t, string code, Func<GraphValue[], Random, Args?>? plan = null) =>
        new(name, 1, plan ?? Always, (x, _) => e(x[0]), (x, _) => t(x[0]), (n, _) => string.Format(code, n[0]));

    /// <summary>A broadcasting op of two operands.</summary>
    static GraphOp Binary(string name, Func<ETensor, ETensor, ETensor> e, Func<TTensor, TTensor, TTensor> t, string code) =>
        new(name, 2, Broadcasting, (x, _) => e(x[0], x[1]), (x, _) => t(x[0], x[1]), (n, _) => string.Format(code, n[0], n[1]));

    public static readonly GraphOp[] All =
    [
        Unary("neg", x => -x, x => -x, "-{0}"),
        Unary("abs", x => x.abs(), x => x.abs(), "{0}.abs()"),
        Unary("square", x => x.square(), x => x.square(), "{0}.square()"),
        Unary("exp", x => x.exp(), x => x.exp(), "{0}.exp()"),
        Unary("expm1", x => x.expm1(), x => x.expm1(), "{0}.expm1()"),
        Unary("log", x => x.log(), x => x.log(), "{0}.log()", Positive),
        Unary("log1p", x => x.log1p(), x => x.log1p(), "{0}.log1p()", Positive),
        Unary("sqrt", x => x.sqrt(), x => x.sqrt(), "{0}.sqrt()", Positive),
        Unary("rsqrt", x => x.rsqrt(), x => x.rsqrt(), "{0}.rsqrt()", Positive),
        Unary("reciprocal", x => x.reciprocal(), x => x.reciprocal(), "{0}.reciprocal()", AwayFromZero),
        Unary("sin", x => x.sin(), x => x.sin(), "{0}.sin()", Moderate),
        Unary("cos", x => x.cos(), x => x.cos(), "{0}.cos()", Moderate),
        Unary("tanh", x => x.tanh(), x => x.tanh(), "{0}.tanh()"),
        Unary("sigmoid", x => x.sigmoid(), x => x.sigmoid(), "{0}.sigmoid()"),
        Unary("relu", x => x.relu(), x => x.relu(), "{0}.relu()"),
        Unary("erf", x => x.erf(), x => x.erf(), "{0}.erf()"),
        Unary("lgamma", x => x.lgamma(), x => x.lgamma(), "{0}.lgamma()", Positive),
        Unary("softplus", x => x.softplus(), x => x.softplus(), "{0}.softplus()"),
        Unary("F.silu", x => EF.silu(x), x => TF.silu(x), "F.silu({0})"),
        Unary("F.gelu", x => EF.gelu(x), x => TF.gelu(x), "F.gelu({0})"),
        Unary("F.elu", x => EF.elu(x), x => TF.elu(x, 1.0), "F.elu({0})"),
        Unary("F.leaky_relu", x => EF.leaky_relu(x, 0.1), x => TF.leaky_relu(x, 0.1), "F.leaky_relu({0}, 0.1)"),
        Unary("clamp", x => x.clamp(-0.5, 1.5), x => x.clamp(-0.5, 1.5), "{0}.clamp(-0.5, 1.5)"),
        Unary("pow(3)", x => x.pow(3), x => x.pow(3), "{0}.pow(3)"),
        Unary("pow(1.5)", x => x.pow(1.5), x => x.pow(1.5), "{0}.pow(1.5)", Positive),
        Unary("x * 2.5 - 1", x => x * 2.5 - 1, x => x * 2.5 - 1, "{0} * 2.5 - 1"),
        Unary("1 / (1 + x^2)", x => 1 / (1 + x.square()), x => 1 / (1 + x.square()), "1 / (1 + {0}.square())"),
        Unary("contiguous", x => x.contiguous(), x => x.contiguous(), "{0}.contiguous()"),
        Unary("t()", x => x.t(), x => x.t(), "{0}.t()", (x, r) => x[0].Rank <= 2 ? Args.None : null),
        Unary("sum()", x => x.sum(), x => x.sum(), "{0}.sum()"),
        Unary("mean()", x => x.mean(), x => x.mean(), "{0}.mean()"),
        Unary("norm()", x => x.norm(), x => x.norm(), "{0}.norm()", AwayFromZero),

        new("sum(dim)", 1, WithDim, (x, a) => x[0].sum(a.Dim, a.KeepDim), (x, a) => x[0].sum(a.Dim, a.KeepDim), (n, a) => $"{n[0]}.sum({a.Dim}, {B(a.KeepDim)})"),
        new("mean(dims)", 1, WithDim, (x, a) => x[0].mean([a.Dim], a.KeepDim), (x, a) => x[0].mean([a.Dim], a.KeepDim), (n, a) => $"{n[0]}.mean([{a.Dim}], {B(a.KeepDim)})"),
        new("amax(dims)", 1, WithDim, (x, a) => x[0].amax([a.Dim], a.KeepDim), (x, a) => x[0].amax([a.Dim], a.KeepDim), (n, a) => $"{n[0]}.amax([{a.Dim}], {B(a.KeepDim)})"),
        new("max(dim).values", 1, WithDim, (x, a) => x[0].max(a.Dim, a.KeepDim).values, (x, a) => x[0].max(a.Dim, a.KeepDim).values, (n, a) => $"{n[0]}.max({a.Dim}, {B(a.KeepDim)}).values"),
        new("logsumexp", 1, WithDim, (x, a) => x[0].logsumexp(a.Dim, a.KeepDim), (x, a) => x[0].logsumexp(a.Dim, a.KeepDim), (n, a) => $"{n[0]}.logsumexp({a.Dim}, {B(a.KeepDim)})"),
        new("var(dim)", 1, (x, r) => x[0].Rank > 0 && x[0].Shape.All(s => s >= 2) ? WithDim(x, r) : null,
            (x, a) => x[0].var(a.Dim, keepdim: a.KeepDim), (x, a) => x[0].var(a.Dim, keepdim: a.KeepDim), (n, a) => $"{n[0]}.var({a.Dim}, keepdim: {B(a.KeepDim)})"),
        new("softmax", 1, WithDim, (x, a) => x[0].softmax(a.Dim), (x, a) => x[0].softmax(a.Dim), (n, a) => $"{n[0]}.softmax({a.Dim})"),
        new("log_softmax", 1, WithDim, (x, a) => x[0].log_softmax(a.Dim), (x, a) => x[0].log_softmax(a.Dim), (n, a) => $"{n[0]}.log_softmax({a.Dim})"),
        new("cumsum", 1, WithDim, (x, a) => x[0].cumsum(a.Dim), (x, a) => x[0].cumsum(a.Dim), (n, a) => $"{n[0]}.cumsum({a.Dim})"),
        new("flip", 1, WithDim, (x, a) => x[0].flip(a.Dim), (x, a) => x[0].flip(a.Dim), (n, a) => $"{n[0]}.flip({a.Dim})"),
        new("roll", 1, (x, r) => WithDim(x, r) is { } a ? a with { N = r.Next(-3, 4) } : null,
            (x, a) => x[0].roll(a.N, a.Dim), (x, a) => x[0].roll(a.N, a.Dim), (n, a) => $"{n[0]}.roll({a.N}, {a.Dim})"),
        new("transpose", 1, (x, r) => x[0].Rank < 2 ? null : new Args { Dim = Dim(r, x[0].Rank), Dim2 = Dim(r, x[0].Rank) },
            (x, a) => x[0].transpose(a.Dim, a.Dim2), (x, a) => x[0].transpose(a.Dim, a.Dim2), (n, a) => $"{n[0]}.transpose({a.Dim}, {a.Dim2})"),
        new("permute", 1, (x, r) => x[0].Rank < 2 ? null : new Args { Dims = Enumerable.Range(0, x[0].Rank).OrderBy(_ => r.Next()).Select(d => (long)d).ToArray() },
            (x, a) => x[0].permute(a.Dims), (x, a) => x[0].permute(a.Dims), (n, a) => $"{n[0]}.permute({string.Join(", ", a.Dims)})"),
        new("unsqueeze", 1, (x, r) => x[0].Rank >= 4 ? null : new Args { Dim = Dim(r, x[0].Rank + 1) },
            (x, a) => x[0].unsqueeze(a.Dim), (x, a) => x[0].unsqueeze(a.Dim), (n, a) => $"{n[0]}.unsqueeze({a.Dim})"),
        new("squeeze(dim)", 1, (x, r) => Array.IndexOf(x[0].Shape, 1L) is var d and >= 0 ? new Args { Dim = d } : null,
            (x, a) => x[0].squeeze(a.Dim), (x, a) => x[0].squeeze(a.Dim), (n, a) => $"{n[0]}.squeeze({a.Dim})"),
        new("reshape", 1, (x, r) => new Args { Sizes = OpTable.Reshaped(r, x[0].Shape) },
            (x, a) => x[0].reshape(a.Sizes), (x, a) => x[0].reshape(a.Sizes), (n, a) => $"{n[0]}.reshape({L(a.Sizes)})"),
        new("flatten", 1, Always, (x, _) => x[0].flatten(), (x, _) => x[0].flatten(), (n, _) => $"{n[0]}.flatten()"),
        new("expand", 1, (x, r) => x[0].Rank >= 4 ? null : new Args { Sizes = [r.Next(1, 4), .. x[0].Shape.Select(s => s == 1 ? r.Next(1, 4) : s)] },
            (x, a) => x[0].expand(a.Sizes), (x, a) => x[0].expand(a.Sizes), (n, a) => $"{n[0]}.expand({L(a.Sizes)})"),
        new("repeat", 1, (x, r) => x[0].Rank >= 4 ? null : new Args { Sizes = Enumerable.Range(0, x[0].Rank).Select(_ => (long)r.Next(1, 3)).ToArray() },
            (x, a) => x[0].repeat(a.Sizes), (x, a) => x[0].repeat(a.Sizes), (n, a) => $"{n[0]}.repeat({L(a.Sizes)})"),
        new("narrow", 1, (x, r) =>
        {
            if (x[0].Rank == 0) return null;
            int d = r.Next(x[0].Rank);
            long size = x[0].Shape[d], start = r.NextInt64(0, size);
            return new Args { Dim = d, N = start, Sizes = [r.NextInt64(1, size - start + 1)] };
        }, (x, a) => x[0].narrow(a.Dim, a.N, a.Sizes[0]), (x, a) => x[0].narrow(a.Dim, a.N, a.Sizes[0]), (n, a) => $"{n[0]}.narrow({a.Dim}, {a.N}, {a.Sizes[0]})"),
        new("select", 1, (x, r) =>
        {
            if (x[0].Rank == 0) return null;
            int d = r.Next(x[0].Rank);
            return new Args { Dim = d, N = r.NextInt64(x[0].Shape[d]) };
        },
            (x, a) => x[0].select(a.Dim, a.N), (x, a) => x[0].select(a.Dim, a.N), (n, a) => $"{n[0]}.select({a.Dim}, {a.N})"),
        new("tril", 1, (x, r) => x[0].Rank < 2 ? null : new Args { N = r.Next(-1, 2) },
            (x, a) => x[0].tril(a.N), (x, a) => x[0].tril(a.N), (n, a) => $"{n[0]}.tril({a.N})"),
        new("F.layer_norm", 1, SpreadRows,
            (x, _) => EF.layer_norm(x[0], [x[0].shape[^1]]), (x, _) => TF.layer_norm(x[0], [x[0].shape[^1]]), (n, _) => $"F.layer_norm({n[0]}, [{n[0]}.shape[^1]])"),

        Binary("add", (a, b) => a + b, (a, b) => a + b, "{0} + {1}"),
        Binary("sub", (a, b) => a - b, (a, b) => a - b, "{0} - {1}"),
        Binary("mul", (a, b) => a * b, (a, b) => a * b, "{0} * {1}"),
        Binary("div", (a, b) => a / (b.square() + 1), (a, b) => a / (b.square() + 1), "{0} / ({1}.square() + 1)"),
        Binary("maximum", (a, b) => a.maximum(b), (a, b) => a.maximum(b), "{0}.maximum({1})"),
        Binary("minimum", (a, b) => a.minimum(b), (a, b) => a.minimum(b), "{0}.minimum({1})"),
        // x > 0 keeps atan2 off its branch cut and origin, where values that differ in the last bit (x - x on one engine,
        // -0 on the other) jump by pi; the op table checks those points on exact inputs
        Binary("atan2", (a, b) => a.atan2(b.square() + 0.1), (a, b) => a.atan2(b.square() + 0.1), "{0}.atan2({1}.square() + 0.1)"),
        Binary("where", (a, b) => E.where(a.gt(b), a, b * 0.5), (a, b) => T.where(a.gt(b), a, b * 0.5), "torch.where({0}.gt({1}), {0}, {1} * 0.5)"),
        new("matmul", 2, (x, r) =>
        {
            if (x[0].Rank == 0 || x[1].Rank == 0) return null;
            long k = x[0].Shape[^1], kb = x[1].Rank == 1 ? x[1].Shape[0] : x[1].Shape[^2];
            return k == kb && Broadcasts(x[0].Shape[..^Math.Min(2, x[0].Rank)], x[1].Shape[..^Math.Min(2, x[1].Rank)]) ? Args.None : null;
        }, (x, _) => x[0].matmul(x[1]), (x, _) => x[0].matmul(x[1]), (n, _) => $"{n[0]}.matmul({n[1]})"),
        new("cat", 2, (x, r) =>
        {
            if (x[0].Rank == 0 || x[0].Rank != x[1].Rank) return null;
            int d = r.Next(x[0].Rank);
            return x[0].Shape.Where((_, i) => i != d).SequenceEqual(x[1].Shape.Where((_, i) => i != d)) ? new Args { Dim = d } : null;
        }, (x, a) => E.cat([x[0], x[1]], a.Dim), (x, a) => T.cat([x[0], x[1]], a.Dim), (n, a) => $"torch.cat([{n[0]}, {n[1]}], {a.Dim})"),
        new("stack", 2, (x, r) => x[0].Shape.SequenceEqual(x[1].Shape) && x[0].Rank < 4 ? new Args { Dim = r.Next(x[0].Rank + 1) } : null,
            (x, a) => E.stack([x[0], x[1]], a.Dim), (x, a) => T.stack([x[0], x[1]], a.Dim), (n, a) => $"torch.stack([{n[0]}, {n[1]}], {a.Dim})"),
        new("F.mse_loss", 2, (x, r) => x[0].Shape.SequenceEqual(x[1].Shape) ? Args.None : null,
            (x, _) => EF.mse_loss(x[0], x[1]), (x, _) => TF.mse_loss(x[0], x[1]), (n, _) => $"F.mse_loss({n[0]}, {n[1]})"),
    ];
}
