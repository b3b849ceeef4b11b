using System.Numerics;
using GenCourse.Kernels;

namespace GenCourse;

// Matrix factorisations and their gradients, batched over the leading dims: Cholesky, triangular solve,
// inverse and the log-determinant. Each backward is written with these same differentiable ops, so second
// derivatives work. The public entry points are in torch.linalg (torch.Linalg.cs).
public partial class Tensor
{
    /// <summary>The transpose of the last two dims (PyTorch's <c>x.mT</c>).</summary>
    public Tensor mT
    {
        get
        {
            if (dims.Length < 2) throw new ArgumentException($"mT: expects a tensor with at least 2 dimensions, got shape {Shape.Format(dims)}");
            return transpose(-2, -1);
        }
    }

    /// <summary>
    /// The diagonal of dims (<paramref name="dim1"/>, <paramref name="dim2"/>) as a view, moved to the last dim;
    /// <paramref name="offset"/> &gt; 0 takes a diagonal above the main one, &lt; 0 below.
    /// </summary>
    public Tensor diagonal(long offset = 0, int dim1 = 0, int dim2 = 1)
    {
        int d1 = Shape.WrapDim(dim1, dims.Length, "diagonal"), d2 = Shape.WrapDim(dim2, dims.Length, "diagonal");
        if (d1 == d2) throw new ArgumentException($"diagonal: dim1 and dim2 must be different dimensions, both are {d1}");
        int o = (int)offset;
        int length = Math.Max(0, o >= 0 ? Math.Min(dims[d1], dims[d2] - o) : Math.Min(dims[d1] + o, dims[d2]));
        int start = length == 0 ? 0 : o >= 0 ? o * strides[d2] : -o * strides[d1];
        var newDims = dims.Where((_, i) => i != d1 && i != d2).Append(length).ToArray();
        var newStrides = strides.Where((_, i) => i != d1 && i != d2).Append(strides[d1] + strides[d2]).ToArray();
        var inputShape = dims;
        return View(newDims, newStrides, this.offset + start, "DiagonalBackward", g => g.DiagonalAdjoint(inputShape, o, d1, d2));
    }

    /// <summary>Zeros of <paramref name="outputShape"/> with this tensor written on a diagonal (diagonal's adjoint).</summary>
    internal Tensor DiagonalAdjoint(int[] outputShape, int offset, int dim1, int dim2)
    {
        var y = Zeros(dtype, outputShape);
        y.detach().diagonal(offset, dim1, dim2).Assign(this);
        return Engine.Record(y, "DiagonalAdjointBackward", [this], g => [g.diagonal(offset, dim1, dim2)]);
    }

    /// <summary>Cholesky factor of a symmetric positive-definite matrix (lower, or its transpose when <paramref name="upper"/>).</summary>
    public Tensor cholesky(bool upper = false) => torch.linalg.cholesky(this, upper);

    /// <summary>The matrix inverse (batched).</summary>
    public Tensor inverse() => torch.linalg.inv(this);

    /// <summary>log det(A): NaN when the determinant is negative, -inf when it is zero.</summary>
    public Tensor logdet() => torch.logdet(this);

    /// <summary>(sign, log|det A|) of a square matrix (batched).</summary>
    public (Tensor sign, Tensor logabsdet) slogdet() => torch.linalg.slogdet(this);

    public Tensor det() => torch.linalg.det(this);

    int SquareSize(string op)
    {
        if (!dtype.IsFloatingPoint())
            throw new ArgumentException($"{op}: expects a floating-point tensor, got {dtype.TorchName()}");
        if (dims.Length < 2 || dims[^1] != dims[^2])
            throw new ArgumentException($"{op}: expects a square matrix or a batch of square matrices [..., n, n], got shape {Shape.Format(dims)}");
        return dims[^1];
    }

    int MatrixCount => Shape.Numel(dims.AsSpan(0, dims.Length - 2));

    /// <summary>" (batch element [i, j])" for a batched input, "" for a single matrix.</summary>
    string BatchElement(int index)
    {
        var batch = dims[..^2];
        if (batch.Length == 0) return "";
        var coords = new int[batch.Length];
        for (int d = batch.Length - 1; d >= 0; d--) { coords[d] = index % batch[d]; index /= batch[d]; }
        return $" (batch element {Shape.Format(coords)} of batch shape {Shape.Format(batch)})";
    }

    /// <summary>Runs <paramref name="body"/> for every matrix index, over both cores when the batch is large enough.</summary>
    static void ForEachMatrix(int count, int n, Action<int> body) =>
        Par.For(count, Math.Max(1, (1 << 15) / Math.Max(1, n * n * n)), (start, end) =>
        {
            for (int i = start; i < end; i++) body(i);
        });

    /// <summary>
    /// Lower Cholesky factor L of A = L L^T (only A's lower triangle is read). Backward (Murray 2016, as in PyTorch):
    /// with Phi(X) = the lower triangle of X with its diagonal halved, dA = L^-T sym(Phi(L^T dL)) L^-1.
    /// </summary>
    internal Tensor CholeskyLower()
    {
        int n = SquareSize("linalg.cholesky");
        var a = ContiguousData();
        var l = Empty(dtype, dims);
        var failures = new int[MatrixCount];
        if (dtype == ScalarType.Float32) CholeskyAll<float>(a, l, n, failures);
        else CholeskyAll<double>(a, l, n, failures);
        int bad = Array.FindIndex(failures, f => f != 0);
        if (bad >= 0)
            throw new ArgumentException(
                $"linalg.cholesky: the matrix{BatchElement(bad)} is not positive definite: its leading minor of order {failures[bad]} is not positive " +
                $"(input shape {Shape.Format(dims)}); a covariance needs a symmetric positive-definite matrix");
        return Engine.Record(l, "LinalgCholeskyBackward", [this], gL =>
        {
            var phi = l.mT.matmul(gL).tril();
            phi = (phi + phi.tril(-1).mT) * 0.5;
            return [torch.linalg.solve_triangular(l, torch.linalg.solve_triangular(l.mT, phi, upper: true), upper: false, left: false)];
        }, l);
    }

    static void CholeskyAll<T>(Tensor a, Tensor l, int n, int[] failures) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] src = a.Data<T>(), dst = l.Data<T>();
        int ao = a.offset, size = n * n;
        ForEachMatrix(failures.Length, n, i => failures[i] = LinalgKernels.Cholesky<T>(src.AsSpan(ao + i * size, size), dst.AsSpan(i * size, size), n));
    }

    /// <summary>
    /// X = A^-1 B for triangular A [..., n, n] and B [..., n, m] with the same batch dims.
    /// Backward: dB = A^-T dX (another triangular solve), dA = -dB X^T restricted to A's triangle.
    /// </summary>
    internal static Tensor SolveTriangularLeft(Tensor a, Tensor b, bool upper, bool unitDiagonal)
    {
        int n = a.dims[^1], m = b.dims[^1];
        var ad = a.ContiguousData();
        var x = Elementwise.Convert(b, b.dtype);
        if (a.dtype == ScalarType.Float32) SolveAll<float>(ad, x, n, m, upper, unitDiagonal);
        else SolveAll<double>(ad, x, n, m, upper, unitDiagonal);
        return Engine.Record(x, "LinalgSolveTriangularBackward", [a, b], g =>
        {
            var gB = SolveTriangularLeft(a.mT, g, !upper, unitDiagonal);
            if (!a.requires_grad) return [null, gB];
            var gA = -gB.matmul(x.mT);
            return [upper ? gA.triu(unitDiagonal ? 1 : 0) : gA.tril(unitDiagonal ? -1 : 0), gB];
        }, a, x);
    }

    static void SolveAll<T>(Tensor a, Tensor x, int n, int m, bool upper, bool unitDiagonal) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] src = a.Data<T>(), dst = x.Data<T>();
        int ao = a.offset;
        ForEachMatrix(a.MatrixCount, n, i =>
            LinalgKernels.SolveTriangular<T>(src.AsSpan(ao + i * n * n, n * n), dst.AsSpan(i * n * m, n * m), n, m, upper, unitDiagonal));
    }

    /// <summary>A^-1 by LU with partial pivoting; backward dA = -A^-T dY A^-T.</summary>
    internal Tensor InverseOp()
    {
        int n = SquareSize("linalg.inv");
        var a = ContiguousData();
        var y = Empty(dtype, dims);
        var ok = new bool[MatrixCount];
        if (dtype == ScalarType.Float32) InverseAll<float>(a, y, n, ok);
        else InverseAll<double>(a, y, n, ok);
        int bad = Array.IndexOf(ok, false);
        if (bad >= 0)
            throw new ArgumentException($"linalg.inv: the matrix{BatchElement(bad)} is singular (its LU factorisation has a zero pivot), so it has no inverse (input shape {Shape.Format(dims)})");
        return Engine.Record(y, "LinalgInvBackward", [this], g => [-y.mT.matmul(g).matmul(y.mT)], y);
    }

    static void InverseAll<T>(Tensor a, Tensor y, int n, bool[] ok) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] src = a.Data<T>(), dst = y.Data<T>();
        int ao = a.offset, size = n * n;
        ForEachMatrix(ok.Length, n, i => ok[i] = LinalgKernels.Inverse<T>(src.AsSpan(ao + i * size, size), dst.AsSpan(i * size, size), n));
    }

    /// <summary>Sign and log|det A| by LU; d log|det A| / dA = A^-T (the sign is piecewise constant).</summary>
    internal (Tensor sign, Tensor logabsdet) SlogdetOp()
    {
        int n = SquareSize("linalg.slogdet");
        var a = ContiguousData();
        var batch = dims[..^2];
        var sign = Empty(dtype, batch);
        var logAbsDet = Empty(dtype, batch);
        if (dtype == ScalarType.Float32) SlogdetAll<float>(a, sign, logAbsDet, n);
        else SlogdetAll<double>(a, sign, logAbsDet, n);
        var self = this;
        return (sign, Engine.Record(logAbsDet, "LinalgSlogdetBackward", [this], g => [g.unsqueeze(-1).unsqueeze(-1) * self.inverse().mT], this));
    }

    static void SlogdetAll<T>(Tensor a, Tensor sign, Tensor logAbsDet, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] src = a.Data<T>(), s = sign.Data<T>(), l = logAbsDet.Data<T>();
        int ao = a.offset, size = n * n;
        ForEachMatrix(sign.Count, n, i => (s[i], l[i]) = LinalgKernels.Slogdet<T>(src.AsSpan(ao + i * size, size), n));
    }
}
