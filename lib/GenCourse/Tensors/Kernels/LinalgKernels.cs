using System.Numerics;
using System.Numerics.Tensors;

namespace GenCourse.Kernels;

/// <summary>
/// Dense factorisations of one row-major n x n matrix at a time (the ops loop over the batch):
/// Cholesky, triangular solves, and LU with partial pivoting for the inverse and the log-determinant.
/// </summary>
internal static class LinalgKernels
{
    /// <summary>
    /// Lower Cholesky factor L (A = L L^T) of the symmetric matrix a, reading only its lower triangle; l is
    /// written in full (zeros above the diagonal). Returns 0, or the order k of the first leading minor that
    /// is not positive definite.
    /// </summary>
    public static int Cholesky<T>(ReadOnlySpan<T> a, Span<T> l, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        l.Clear();
        for (int j = 0; j < n; j++)
        {
            var rowJ = l.Slice(j * n, j);
            T pivot = a[j * n + j] - TensorPrimitives.Dot<T>(rowJ, rowJ);
            if (!(pivot > T.Zero)) return j + 1;
            T d = T.Sqrt(pivot);
            l[j * n + j] = d;
            for (int i = j + 1; i < n; i++)
                l[i * n + j] = (a[i * n + j] - TensorPrimitives.Dot<T>(l.Slice(i * n, j), rowJ)) / d;
        }
        return 0;
    }

    /// <summary>
    /// Solves A X = B in place (x holds B [n, m] on entry and X on return) for a triangular A [n, n]:
    /// forward substitution when lower, back substitution when upper; a unit diagonal is not read.
    /// </summary>
    public static void SolveTriangular<T>(ReadOnlySpan<T> a, Span<T> x, int n, int m, bool upper, bool unitDiagonal)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int step = 0; step < n; step++)
        {
            int i = upper ? n - 1 - step : step;
            var row = x.Slice(i * m, m);
            int from = upper ? i + 1 : 0, to = upper ? n : i;
            for (int k = from; k < to; k++)
                TensorPrimitives.MultiplyAdd<T>(x.Slice(k * m, m), -a[i * n + k], row, row);
            if (!unitDiagonal) TensorPrimitives.Divide(row, a[i * n + i], row);
        }
    }

    /// <summary>
    /// LU factorisation with partial pivoting in place (P A = L U, unit L below the diagonal, U on and above);
    /// perm[i] is the original row now at row i. Returns the sign of the permutation, or 0 when a pivot column is
    /// exactly zero (the matrix is singular; the factorisation stops there).
    /// </summary>
    public static int LuFactor<T>(Span<T> lu, int n, Span<int> perm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int sign = 1;
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int k = 0; k < n; k++)
        {
            int p = k;
            for (int i = k + 1; i < n; i++)
                if (T.Abs(lu[i * n + k]) > T.Abs(lu[p * n + k])) p = i;
            if (lu[p * n + k] == T.Zero) return 0;
            if (p != k)
            {
                for (int j = 0; j < n; j++) (lu[p * n + j], lu[k * n + j]) = (lu[k * n + j], lu[p * n + j]);
                (perm[p], perm[k]) = (perm[k], perm[p]);
                sign = -sign;
            }
            var pivotRow = lu.Slice(k * n + k + 1, n - k - 1);
            for (int i = k + 1; i < n; i++)
            {
                T factor = lu[i * n + k] / lu[k * n + k];
                lu[i * n + k] = factor;
                var row = lu.Slice(i * n + k + 1, n - k - 1);
                TensorPrimitives.MultiplyAdd<T>(pivotRow, -factor, row, row);
            }
        }
        return sign;
    }

    /// <summary>The inverse of a into inv; returns false (inv unspecified) when a is singular.</summary>
    public static bool Inverse<T>(ReadOnlySpan<T> a, Span<T> inv, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var lu = new T[n * n];
        var perm = new int[n];
        a.CopyTo(lu);
        if (LuFactor<T>(lu, n, perm) == 0) return false;
        // A^-1 = U^-1 L^-1 P: solve L U X = P I column block at once.
        inv.Clear();
        for (int i = 0; i < n; i++) inv[i * n + perm[i]] = T.One;
        SolveTriangular<T>(lu, inv, n, n, upper: false, unitDiagonal: true);
        SolveTriangular<T>(lu, inv, n, n, upper: true, unitDiagonal: false);
        return true;
    }

    /// <summary>Sign and log of the absolute value of det(a): (0, -inf) for a singular matrix.</summary>
    public static (T sign, T logAbsDet) Slogdet<T>(ReadOnlySpan<T> a, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var lu = new T[n * n];
        a.CopyTo(lu);
        int sign = LuFactor<T>(lu, n, new int[n]);
        if (sign == 0) return (T.Zero, T.NegativeInfinity);
        T logAbs = T.Zero;
        for (int i = 0; i < n; i++)
        {
            T u = lu[i * n + i];
            if (u < T.Zero) sign = -sign;
            logAbs += T.Log(T.Abs(u));
        }
        return (T.CreateChecked(sign), logAbs);
    }
}
