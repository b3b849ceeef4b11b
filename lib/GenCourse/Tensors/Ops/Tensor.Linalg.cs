using GenCourse.Kernels;

namespace GenCourse;

// Matrix products on the packed GEMM kernel. Strided operands (e.g. transposes) are passed as they are.
public partial class Tensor
{
    static void RequireSameFloat(Tensor a, Tensor b, string op)
    {
        if (!a.dtype.IsFloatingPoint() || a.dtype != b.dtype)
            throw new ArgumentException($"{op}: expects two floating-point tensors of the same dtype, got {a.dtype.TorchName()} and {b.dtype.TorchName()}");
    }

    /// <summary>Matrix product of [m, k] and [k, n]; d/dA = G B^T, d/dB = A^T G.</summary>
    public Tensor mm(Tensor other)
    {
        if (dims.Length != 2 || other.dims.Length != 2)
            throw new ArgumentException($"mm: expects two matrices, got shapes {Shape.Format(dims)} and {Shape.Format(other.dims)}");
        if (dims[1] != other.dims[0])
            throw new ArgumentException($"mm: cannot multiply {Shape.Format(dims)} by {Shape.Format(other.dims)}: inner dimensions {dims[1]} and {other.dims[0]} differ");
        RequireSameFloat(this, other, "mm");
        int m = dims[0], k = dims[1], n = other.dims[1];
        var y = Empty(dtype, [m, n]);
        if (dtype == ScalarType.Float32)
            Gemm.Run(m, n, k, Data<float>(), offset, strides[0], strides[1], other.Data<float>(), other.offset, other.strides[0], other.strides[1], y.Data<float>(), 0, n, false);
        else
            Gemm.Run(m, n, k, Data<double>(), offset, strides[0], strides[1], other.Data<double>(), other.offset, other.strides[0], other.strides[1], y.Data<double>(), 0, n, false);
        var a = this;
        // Each gradient comes out in its operand's layout, as in PyTorch: for a transposed operand such as linear's
        // weight.t() it is computed as (B G^T)^T or (G^T A)^T, so the weight's own gradient is contiguous.
        return Engine.Record(y, "MmBackward", [this, other], g =>
        [
            a.requires_grad ? (a.IsTransposedMatrix ? other.mm(g.t()).t() : g.mm(other.t())) : null,
            other.requires_grad ? (other.IsTransposedMatrix ? g.t().mm(a).t() : a.t().mm(g)) : null,
        ], this, other);
    }

    /// <summary>A matrix whose transpose is contiguous (column-major), e.g. <c>weight.t()</c>.</summary>
    bool IsTransposedMatrix => dims.Length == 2 && dims[0] > 1 && dims[1] > 1 && strides[0] == 1 && strides[1] == dims[0];

    /// <summary>Batched matrix product of [B, m, k] and [B, k, n].</summary>
    public Tensor bmm(Tensor other)
    {
        if (dims.Length != 3 || other.dims.Length != 3)
            throw new ArgumentException($"bmm: expects two 3-D tensors, got shapes {Shape.Format(dims)} and {Shape.Format(other.dims)}");
        if (dims[0] != other.dims[0] || dims[2] != other.dims[1])
            throw new ArgumentException($"bmm: cannot multiply {Shape.Format(dims)} by {Shape.Format(other.dims)}: batch sizes must match and inner dimensions {dims[2]} and {other.dims[1]} must agree");
        RequireSameFloat(this, other, "bmm");
        int b = dims[0], m = dims[1], k = dims[2], n = other.dims[2];
        var y = Empty(dtype, [b, m, n]);
        if (dtype == ScalarType.Float32)
            Gemm.RunBatched(b, m, n, k, Data<float>(), offset, strides[0], strides[1], strides[2],
                other.Data<float>(), other.offset, other.strides[0], other.strides[1], other.strides[2], y.Data<float>(), 0, m * n, n, false);
        else
            Gemm.RunBatched(b, m, n, k, Data<double>(), offset, strides[0], strides[1], strides[2],
                other.Data<double>(), other.offset, other.strides[0], other.strides[1], other.strides[2], y.Data<double>(), 0, m * n, n, false);
        var a = this;
        return Engine.Record(y, "BmmBackward", [this, other],
            g => [a.requires_grad ? g.bmm(other.transpose(1, 2)) : null, other.requires_grad ? a.transpose(1, 2).bmm(g) : null], this, other);
    }

    /// <summary>NumPy-style matrix product: dot, matrix-vector, matrix-matrix, and batched with broadcast batch dims.</summary>
    public Tensor matmul(Tensor other)
    {
        int ra = dims.Length, rb = other.dims.Length;
        if (ra == 0 || rb == 0)
            throw new ArgumentException($"matmul: both arguments need at least 1 dimension, got shapes {Shape.Format(dims)} and {Shape.Format(other.dims)}");
        int ka = dims[^1], kb = rb == 1 ? other.dims[0] : other.dims[^2];
        if (ka != kb)
            throw new ArgumentException($"matmul: cannot multiply {Shape.Format(dims)} by {Shape.Format(other.dims)}: inner dimensions {ka} and {kb} differ");
        if (ra == 1 && rb == 1) return (this * other).sum();
        if (ra == 1) return unsqueeze(0).matmul(other).squeeze(-2);
        if (rb == 1) return matmul(other.unsqueeze(1)).squeeze(-1);
        if (ra == 2 && rb == 2) return mm(other);
        // The flattened sizes are given, not -1, which is ambiguous when the tensors are empty.
        if (rb == 2)
        {
            // [..., m, k] @ [k, n]: one big GEMM over the flattened leading dims.
            var lead = dims[..^1].Select(d => (long)d).ToArray();
            return reshape(Shape.Numel(dims[..^1]), ka).mm(other).reshape([.. lead, other.dims[1]]);
        }
        var batch = Shape.Broadcast(dims[..^2], other.dims[..^2], "matmul");
        long[] bl = batch.Select(d => (long)d).ToArray();
        int count = Shape.Numel(batch);
        var a = expand([.. bl, dims[^2], ka]).reshape(count, dims[^2], ka);
        var b = other.expand([.. bl, kb, other.dims[^1]]).reshape(count, kb, other.dims[^1]);
        return a.bmm(b).reshape([.. bl, dims[^2], other.dims[^1]]);
    }

    /// <summary>Outer product of two vectors.</summary>
    public Tensor outer(Tensor other) => unsqueeze(1) * other.unsqueeze(0);
}
