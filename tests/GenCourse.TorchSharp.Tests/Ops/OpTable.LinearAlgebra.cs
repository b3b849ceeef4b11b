extern alias Embedded;

using E = Embedded::GenCourse.torch;
using ETensor = Embedded::GenCourse.Tensor;
using T = TorchSharp.torch;
using TTensor = TorchSharp.torch.Tensor;
using static CrossEngine.Tests.Ops.RandomInputs;

namespace CrossEngine.Tests.Ops;

public static partial class OpTable
{
    /// <summary>Operands of matmul in every rank combination (1-D, 2-D, batched with broadcast batch dims).</summary>
    static Case MatmulCase(Random r, int minRank = 1, int maxRank = 4)
    {
        int ra = r.Next(minRank, maxRank + 1), rb = r.Next(minRank, maxRank + 1);
        long m = Size(r), k = Size(r), n = Size(r);
        var batch = Shape(r, 0, 2, allowEmpty: false);
        long[] Batch(int rank) => batch.Skip(Math.Max(0, batch.Length - (rank - 2))).Select(d => r.NextDouble() < 0.3 ? 1 : d).ToArray();
        long[] a = ra == 1 ? [k] : [.. Batch(ra), m, k];
        long[] b = rb == 1 ? [k] : [.. Batch(rb), k, n];
        return new Case(In(a), In(b));
    }

    /// <summary>Square matrices [.., n, n] (n >= 1) with an optional batch.</summary>
    static Case SquareCase(Random r, int count = 1)
    {
        long n = r.Next(1, 5);
        var batch = Shape(r, 0, 2, allowEmpty: false);
        return new Case(Enumerable.Range(0, count).Select(_ => In([.. batch, n, n])).ToArray());
    }

    // Well-conditioned matrices from arbitrary ones, made of shared ops so the gradient flows back to the input.
    static ETensor Spd(ETensor x) => x.matmul(x.mT) + E.eye(x.shape[^1], dtype: x.dtype) * x.shape[^1];

    static TTensor Spd(TTensor x) => x.matmul(x.mT) + T.eye(x.shape[^1], dtype: x.dtype) * x.shape[^1];

    static ETensor Shifted(ETensor x) => x + E.eye(x.shape[^1], dtype: x.dtype) * 4;

    static TTensor Shifted(TTensor x) => x + T.eye(x.shape[^1], dtype: x.dtype) * 4;

    static IEnumerable<OpCase> LinearAlgebra() => [.. Products(), .. Factorisations()];

    static IEnumerable<OpCase> Products() =>
    [
        Many("matmul", r => MatmulCase(r), (x, _) => x[0].matmul(x[1]), (x, _) => x[0].matmul(x[1])),
        Many("torch.matmul", r => MatmulCase(r), (x, _) => E.matmul(x[0], x[1]), (x, _) => T.matmul(x[0], x[1])),
        Many("mm", r => MatmulCase(r, 2, 2), (x, _) => x[0].mm(x[1]), (x, _) => x[0].mm(x[1])),
        Many("torch.mm", r => MatmulCase(r, 2, 2), (x, _) => E.mm(x[0], x[1]), (x, _) => T.mm(x[0], x[1])),
        Many("bmm", r =>
        {
            long b = Size(r), m = Size(r), k = Size(r), n = Size(r);
            return new Case(In([b, m, k]), In([b, k, n]));
        }, (x, _) => x[0].bmm(x[1]), (x, _) => x[0].bmm(x[1])),
        Many("torch.bmm", r => new Case(In([2, 3, 4]), In([2, 4, 1])), (x, _) => E.bmm(x[0], x[1]), (x, _) => T.bmm(x[0], x[1])),
        Many("outer", r => new Case(In([Size(r)]), In([Size(r)])), (x, _) => x[0].outer(x[1]), (x, _) => x[0].outer(x[1])),
        Many("torch.outer", r => new Case(In([Size(r)]), In([Size(r)])), (x, _) => E.outer(x[0], x[1]), (x, _) => T.outer(x[0], x[1])),
    ];

    static IEnumerable<OpCase> Factorisations() => new OpCase[]
    {
        One("linalg.cholesky", r => SquareCase(r), (x, _) => E.linalg.cholesky(Spd(x)), (x, _) => T.linalg.cholesky(Spd(x))) with
        {
            ApiDifference = "linalg.cholesky: embedded cholesky(Tensor A, bool upper = false); TorchSharp cholesky(Tensor input) without upper",
        },
#pragma warning disable CS0618 // TorchSharp marks Tensor.cholesky obsolete (as PyTorch deprecates torch.cholesky); the embedded engine keeps it
        One("cholesky()", r => SquareCase(r), (x, _) => Spd(x).cholesky(), (x, _) => Spd(x).cholesky()) with
        {
            ApiDifference = "Tensor.cholesky(bool upper) is obsolete on TorchSharp (PyTorch deprecates torch.cholesky for torch.linalg.cholesky) and plain on the embedded engine",
        },
        One("cholesky(upper)", r => SquareCase(r), (x, _) => Spd(x).cholesky(upper: true), (x, _) => Spd(x).cholesky(upper: true)),
#pragma warning restore CS0618
        One("linalg.inv", r => SquareCase(r), (x, _) => E.linalg.inv(Shifted(x)), (x, _) => T.linalg.inv(Shifted(x))),
        One("inverse()", r => SquareCase(r), (x, _) => Shifted(x).inverse(), (x, _) => Shifted(x).inverse()),
        One("linalg.det", r => SquareCase(r), (x, _) => E.linalg.det(Shifted(x)), (x, _) => T.linalg.det(Shifted(x))),
        One("det()", r => SquareCase(r), (x, _) => Shifted(x).det(), (x, _) => Shifted(x).det()),
        One("linalg.slogdet.logabsdet", r => SquareCase(r), (x, _) => E.linalg.slogdet(Shifted(x)).logabsdet, (x, _) => T.linalg.slogdet(Shifted(x)).Item2),
        One("linalg.slogdet.sign", r => SquareCase(r), (x, _) => E.linalg.slogdet(x).sign, (x, _) => T.linalg.slogdet(x).Item1) with { ForwardOnly = true },
        One("logdet()", r => SquareCase(r), (x, _) => Spd(x).logdet(), (x, _) => Spd(x).logdet()),
        One("torch.logdet", r => SquareCase(r), (x, _) => E.logdet(Spd(x)), (x, _) => T.logdet(Spd(x))),
        Many("linalg.solve_triangular", r =>
        {
            var c = SquareCase(r);
            long n = c.Inputs[0].Shape[^1];
            bool left = r.NextDouble() < 0.5;
            long k = Size(r);
            long[] b = left ? [.. c.Inputs[0].Shape[..^2], n, k] : [.. c.Inputs[0].Shape[..^2], k, n];
            return new Case([c.Inputs[0], In(b)], new Args { Flag = r.NextDouble() < 0.5, KeepDim = left, Dim = r.Next(2) });
        }, (x, a) => E.linalg.solve_triangular(Shifted(x[0]), x[1], upper: a.Flag, left: a.KeepDim, unitriangular: a.Dim == 1),
           (x, a) => T.linalg.solve_triangular(Shifted(x[0]), x[1], upper: a.Flag, left: a.KeepDim, unitriangular: a.Dim == 1)),
    }.Select(op => op with
    {
        Float32Tolerance = 1e-3,
        ToleranceReason = "factorisations and products of up to 5x5 matrices with condition numbers up to ~10 amplify float32 rounding",
        NoNonFinite = "a factorisation of a matrix holding NaN or inf is not defined by PyTorch; the result depends on LAPACK's pivoting",
    });
}
