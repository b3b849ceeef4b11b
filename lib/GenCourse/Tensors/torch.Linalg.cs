namespace GenCourse;

// torch.linalg: factorisations, solves and determinants, all differentiable (see Ops/Tensor.LinearAlgebra.cs).
public static partial class torch
{
    /// <summary>log det(A) (batched): NaN where the determinant is negative, -inf where it is zero.</summary>
    public static Tensor logdet(Tensor A)
    {
        var (sign, logabsdet) = linalg.slogdet(A);
        return where(sign.lt(0), double.NaN, logabsdet);
    }

    /// <summary>The diagonal of dims (dim1, dim2) as a view, moved to the last dim.</summary>
    public static Tensor diagonal(Tensor input, long offset = 0, int dim1 = 0, int dim2 = 1) => input.diagonal(offset, dim1, dim2);

    /// <summary>Square matrices [..., n, n] with <paramref name="input"/> [..., n] on their diagonal and zeros elsewhere.</summary>
    public static Tensor diag_embed(Tensor input)
    {
        if (input.dim() == 0) throw new ArgumentException("diag_embed: expects at least one dimension, got a 0-d tensor");
        int rank = input.dim();
        return input.DiagonalAdjoint([.. input.dims, input.dims[^1]], 0, rank - 1, rank);
    }

    /// <summary>Linear algebra, like torch.linalg. Matrices are the last two dims; leading dims are a batch.</summary>
    public static class linalg
    {
        /// <summary>
        /// The Cholesky factor of a symmetric positive-definite A: lower L with A = L L^T (or U = L^T when
        /// <paramref name="upper"/>). Only the lower triangle of A is read; the gradient is symmetric.
        /// </summary>
        public static Tensor cholesky(Tensor A, bool upper = false)
        {
            var l = A.CholeskyLower();
            return upper ? l.mT : l;
        }

        /// <summary>
        /// X with A X = B (<paramref name="left"/>) or X A = B, for triangular A [..., n, n]; only A's upper or lower
        /// triangle is read (<paramref name="unitriangular"/>: its diagonal is taken to be ones). Batch dims broadcast.
        /// </summary>
        public static Tensor solve_triangular(Tensor A, Tensor B, bool upper, bool left = true, bool unitriangular = false)
        {
            const string op = "linalg.solve_triangular";
            if (A.dim() < 2 || A.dims[^1] != A.dims[^2])
                throw new ArgumentException($"{op}: A must be a square matrix or a batch of square matrices [..., n, n], got shape {Shape.Format(A.dims)}");
            if (B.dim() < 2 || (left ? B.dims[^2] : B.dims[^1]) != A.dims[^1])
            {
                string expected = left ? $"[..., {A.dims[^1]}, k] to solve A X = B" : $"[..., k, {A.dims[^1]}] to solve X A = B";
                throw new ArgumentException($"{op}: B of shape {Shape.Format(B.dims)} does not fit A of shape {Shape.Format(A.dims)}: expected B {expected}");
            }
            if (!A.dtype.IsFloatingPoint() || A.dtype != B.dtype)
                throw new ArgumentException($"{op}: expects A and B of the same floating-point dtype, got {A.dtype.TorchName()} and {B.dtype.TorchName()}");
            if (!left) return solve_triangular(A.mT, B.mT, !upper, left: true, unitriangular).mT;
            var batch = Shape.Broadcast(A.dims[..^2], B.dims[..^2], op).Select(d => (long)d).ToArray();
            int n = A.dims[^1], k = B.dims[^1];
            return Tensor.SolveTriangularLeft(A.expand([.. batch, n, n]), B.expand([.. batch, n, k]), upper, unitriangular);
        }

        /// <summary>The inverse of a square matrix (batched); throws naming the batch element when one is singular.</summary>
        public static Tensor inv(Tensor A) => A.InverseOp();

        /// <summary>(sign, log|det A|): sign is -1, 0 or 1; log|det A| is -inf for a singular matrix. Only log|det A| is differentiable.</summary>
        public static (Tensor sign, Tensor logabsdet) slogdet(Tensor A) => A.SlogdetOp();

        /// <summary>
        /// The <paramref name="ord"/>-norm of the entries over <paramref name="dims"/> (all dims when null): (sum |x|^ord)^(1/ord),
        /// max |x| for +inf, min |x| for -inf, the count of non-zeros for 0. Its gradient is 0 where the norm is 0, as in PyTorch.
        /// </summary>
        public static Tensor vector_norm(Tensor input, double ord = 2, long[]? dims = null, bool keepdim = false) => input.VectorNorm(ord, dims, keepdim);

        /// <summary>det(A) = sign exp(log|det A|); its gradient det(A) A^-T needs an invertible A.</summary>
        public static Tensor det(Tensor A)
        {
            var (sign, logabsdet) = slogdet(A);
            return sign * logabsdet.exp();
        }
    }
}
