using System.Numerics;
using System.Numerics.Tensors;
using GenCourse.Kernels;

namespace GenCourse;

/// <summary>
/// Elementwise computation on tensors (no autograd here; the differentiable ops in Tensor.* call these).
/// Results are new contiguous tensors. Large inputs are split over the cores.
/// </summary>
internal static class Elementwise
{
    const int Grain = 1 << 15;

    public static Tensor Map(Tensor x, UnaryOp op, double p1 = 0, double p2 = 0)
    {
        // A floating-point function of an int64 or bool tensor computes in the default float dtype (PyTorch's integral
        // inputs promoted to float); the ops that keep integers (abs, sign, relu, rounding, ...) keep int64.
        if (!x.dtype.IsFloatingPoint() && !KeepsIntegers(op)) x = x.Cast(torch.get_default_dtype());
        if (x.dtype == ScalarType.Bool)
            throw new ArgumentException(op == UnaryOp.Neg
                ? "neg: Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead."
                : $"{op.ToString().ToLowerInvariant()}: not supported for torch.bool tensors; convert with .to(torch.float32) first");
        x = x.ContiguousData();
        var y = Tensor.Empty(x.dtype, x.dims);
        int n = x.Count, xo = x.offset;
        switch (x.dtype)
        {
            case ScalarType.Float32:
            {
                float[] xs = x.Data<float>(), ys = y.Data<float>();
                Par.For(n, Grain, (s, e) => UnaryKernels.Apply<float>(op, xs.AsSpan(xo + s, e - s), ys.AsSpan(s, e - s), p1, p2));
                break;
            }
            case ScalarType.Float64:
            {
                double[] xs = x.Data<double>(), ys = y.Data<double>();
                Par.For(n, Grain, (s, e) => UnaryKernels.Apply<double>(op, xs.AsSpan(xo + s, e - s), ys.AsSpan(s, e - s), p1, p2));
                break;
            }
            default:
                UnaryKernels.ApplyInt64(op, x.ReadSpan<long>(), y.Span<long>(), p1, p2);
                break;
        }
        return y;
    }

    static bool KeepsIntegers(UnaryOp op) => op is UnaryOp.Neg or UnaryOp.Abs or UnaryOp.Sign or UnaryOp.Square or UnaryOp.Clamp
        or UnaryOp.Relu or UnaryOp.Floor or UnaryOp.Ceil or UnaryOp.Round;

    /// <summary>g * d softplus(x) / dx for a floating-point x and a gradient g of x's shape (see <see cref="UnaryKernels.SoftplusGrad"/>).</summary>
    public static Tensor SoftplusGrad(Tensor g, Tensor x, double beta, double threshold)
    {
        g = g.Cast(x.dtype).ContiguousData();
        x = x.ContiguousData();
        var d = Tensor.Empty(x.dtype, x.dims);
        if (x.dtype == ScalarType.Float32) SoftplusGrad<float>(g, x, d, beta, threshold);
        else SoftplusGrad<double>(g, x, d, beta, threshold);
        return d;
    }

    static void SoftplusGrad<T>(Tensor g, Tensor x, Tensor d, double beta, double threshold)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] gs = g.Data<T>(), xs = x.Data<T>(), ds = d.Data<T>();
        int go = g.offset, xo = x.offset;
        T b = T.CreateChecked(beta), t = T.CreateChecked(threshold);
        Par.For(d.Count, Grain, (lo, hi) =>
            UnaryKernels.SoftplusGrad<T>(gs.AsSpan(go + lo, hi - lo), xs.AsSpan(xo + lo, hi - lo), ds.AsSpan(lo, hi - lo), b, t));
    }

    /// <summary>Binary cross-entropy of logits x against targets t of x's shape and dtype (see <see cref="UnaryKernels.BinaryCrossEntropyWithLogits"/>).</summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor x, Tensor t) => Fused([x, t], (v, y, lo, hi) =>
    {
        if (y.dtype == ScalarType.Float32)
            UnaryKernels.BinaryCrossEntropyWithLogits(v[0].ReadSpan<float>()[lo..hi], v[1].ReadSpan<float>()[lo..hi], y.Span<float>()[lo..hi]);
        else
            UnaryKernels.BinaryCrossEntropyWithLogits(v[0].ReadSpan<double>()[lo..hi], v[1].ReadSpan<double>()[lo..hi], y.Span<double>()[lo..hi]);
    });

    /// <summary>g * (sigmoid(x) - t), the gradient of <see cref="BinaryCrossEntropyWithLogits"/> in x.</summary>
    public static Tensor BinaryCrossEntropyWithLogitsGrad(Tensor g, Tensor x, Tensor t) => Fused([x, t, g.Cast(x.dtype)], (v, d, lo, hi) =>
    {
        if (d.dtype == ScalarType.Float32)
            UnaryKernels.BinaryCrossEntropyWithLogitsGrad(v[2].ReadSpan<float>()[lo..hi], v[0].ReadSpan<float>()[lo..hi],
                v[1].ReadSpan<float>()[lo..hi], d.Span<float>()[lo..hi]);
        else
            UnaryKernels.BinaryCrossEntropyWithLogitsGrad(v[2].ReadSpan<double>()[lo..hi], v[0].ReadSpan<double>()[lo..hi],
                v[1].ReadSpan<double>()[lo..hi], d.Span<double>()[lo..hi]);
    });

    /// <summary>
    /// A new tensor of inputs[0]'s shape and dtype, written block by block ([lo, hi) over the cores) by
    /// <paramref name="body"/> from contiguous copies of the inputs, all of that shape: for fused elementwise kernels.
    /// </summary>
    static Tensor Fused(Tensor[] inputs, Action<Tensor[], Tensor, int, int> body)
    {
        for (int i = 0; i < inputs.Length; i++) inputs[i] = inputs[i].ContiguousData();
        var y = Tensor.Empty(inputs[0].dtype, inputs[0].dims);
        Par.For(y.Count, Grain, (lo, hi) => body(inputs, y, lo, hi));
        return y;
    }

    /// <summary>The PyTorch name of a binary op, for error messages.</summary>
    public static string Name(BinaryOp op) => op switch
    {
        BinaryOp.Add => "add",
        BinaryOp.Sub => "sub",
        BinaryOp.Mul => "mul",
        BinaryOp.Div => "div",
        BinaryOp.Pow => "pow",
        BinaryOp.Maximum => "maximum",
        BinaryOp.Minimum => "minimum",
        BinaryOp.Atan2 => "atan2",
        _ => op.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// The dtype an op computes in: PyTorch promotion, true division/pow of integers in float32, and two bools in int64
    /// (their sum, product, max and min turn back into bool: or, and, or, and, as in PyTorch).
    /// </summary>
    public static ScalarType ComputeType(ScalarType a, ScalarType b, BinaryOp op)
    {
        var t = ScalarTypeExtensions.Promote(a, b);
        if (t == ScalarType.Bool)
        {
            if (op is BinaryOp.Fmod or BinaryOp.Remainder)
                throw new ArgumentException($"{Name(op)}: not implemented for two torch.bool tensors (as in PyTorch); convert one with .to(torch.int64)");
            t = ScalarType.Int64;
        }
        return t == ScalarType.Int64 && op is BinaryOp.Div or BinaryOp.Pow or BinaryOp.Atan2 ? ScalarType.Float32 : t;
    }

    /// <summary>
    /// The dtype a tensor-scalar op computes in. An int64 tensor stays int64 for a C# integer scalar (true division and pow
    /// excepted) and becomes the default float dtype for a double, whole or not, as in PyTorch. A bool tensor meets a C#
    /// integer (<paramref name="integralScalar"/>) in int64 and a double in the default float dtype, as TorchSharp's int
    /// and double Scalars do (PyTorch's Python int and float).
    /// </summary>
    static ScalarType ScalarComputeType(ScalarType t, double s, BinaryOp op, bool integralScalar)
    {
        bool whole = s == Math.Floor(s);
        if (t == ScalarType.Bool)
            t = integralScalar || (op.IsComparison() && whole) ? ScalarType.Int64 : torch.get_default_dtype();
        if (t != ScalarType.Int64) return t;
        if (op.IsComparison()) return whole ? ScalarType.Int64 : ScalarType.Float32;
        // A double scalar makes an int64 tensor's result float (PyTorch's int tensor * Python float; TorchSharp's double Scalar).
        return op is BinaryOp.Div or BinaryOp.Pow || !integralScalar ? torch.get_default_dtype() : ScalarType.Int64;
    }

    /// <summary>PyTorch refuses - with a bool operand: a mask is inverted with ~ and two are told apart with ^.</summary>
    static void RejectBoolSubtraction(ScalarType a, ScalarType b, BinaryOp op)
    {
        if (op != BinaryOp.Sub) return;
        if (a == ScalarType.Bool && b == ScalarType.Bool)
            throw new ArgumentException("sub: Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.");
        if (a == ScalarType.Bool || b == ScalarType.Bool)
            throw new ArgumentException("sub: Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
    }

    /// <summary>Whether a result computed in int64 for two bools is a bool again (or, and, or, and).</summary>
    static bool StaysBool(ScalarType a, ScalarType b, BinaryOp op) =>
        a == ScalarType.Bool && b == ScalarType.Bool && op is BinaryOp.Add or BinaryOp.Mul or BinaryOp.Maximum or BinaryOp.Minimum;

    /// <summary>a op b elementwise with broadcasting; comparisons give bool tensors.</summary>
    public static Tensor Zip(Tensor a, Tensor b, BinaryOp op, string name)
    {
        RejectBoolSubtraction(a.dtype, b.dtype, op);
        var type = ComputeType(a.dtype, b.dtype, op);
        bool toBool = op.IsComparison() || StaysBool(a.dtype, b.dtype, op);
        a = a.Cast(type);
        b = b.Cast(type);
        var shape = Shape.Broadcast(a.dims, b.dims, name);
        var d = Tensor.Empty(type, shape);
        switch (type)
        {
            case ScalarType.Float32: Zip<float>(a, b, op, d); break;
            case ScalarType.Float64: Zip<double>(a, b, op, d); break;
            default: Zip<long>(a, b, op, d); break;
        }
        return toBool ? d.Cast(ScalarType.Bool) : d;
    }

    /// <summary>a op s (or s op a when <paramref name="scalarFirst"/>); comparisons give bool tensors. See <see cref="ScalarComputeType"/>.</summary>
    public static Tensor ZipScalar(Tensor a, double s, BinaryOp op, bool scalarFirst, bool integralScalar = false)
    {
        RejectBoolSubtraction(a.dtype, ScalarType.Float64, op);
        var type = ScalarComputeType(a.dtype, s, op, integralScalar);
        a = a.Cast(type).ContiguousData();
        var d = Tensor.Empty(type, a.dims);
        switch (type)
        {
            case ScalarType.Float32: ZipScalar(a, (float)s, op, scalarFirst, d); break;
            case ScalarType.Float64: ZipScalar(a, s, op, scalarFirst, d); break;
            default: ZipScalar(a, (long)s, op, scalarFirst, d); break;
        }
        return op.IsComparison() ? d.Cast(ScalarType.Bool) : d;
    }

    static void ZipScalar<T>(Tensor a, T s, BinaryOp op, bool scalarFirst, Tensor d) where T : unmanaged, INumber<T>
    {
        T[] xs = a.Data<T>(), ds = d.Data<T>();
        int ao = a.offset;
        Par.For(d.Count, Grain, (lo, hi) =>
        {
            var x = xs.AsSpan(ao + lo, hi - lo);
            var y = ds.AsSpan(lo, hi - lo);
            if (scalarFirst) BinaryKernels.SV(op, s, x, y);
            else BinaryKernels.VS(op, x, s, y);
        });
    }

    static void Zip<T>(Tensor a, Tensor b, BinaryOp op, Tensor d) where T : unmanaged, INumber<T>
    {
        int[] shape = d.dims;
        T[] ds = d.Data<T>();
        if (b.Count == 1 && a.dims.AsSpan().SequenceEqual(shape) && a.is_contiguous())
        {
            ZipScalar(a, b.Data<T>()[b.offset], op, false, d);
            return;
        }
        if (a.Count == 1 && b.dims.AsSpan().SequenceEqual(shape) && b.is_contiguous())
        {
            ZipScalar(b, a.Data<T>()[a.offset], op, true, d);
            return;
        }
        if (a.dims.AsSpan().SequenceEqual(b.dims) && a.is_contiguous() && b.is_contiguous())
        {
            T[] av = a.Data<T>(), bv = b.Data<T>();
            int ao0 = a.offset, bo0 = b.offset;
            Par.For(d.Count, Grain, (lo, hi) => BinaryKernels.VV(op, av.AsSpan(ao0 + lo, hi - lo), bv.AsSpan(bo0 + lo, hi - lo), ds.AsSpan(lo, hi - lo)));
            return;
        }
        var (cd, cs) = Strided.Coalesce(shape,
            Shape.BroadcastStrides(a.dims, a.strides, shape),
            Shape.BroadcastStrides(b.dims, b.strides, shape));
        if (cs[0][^1] is not (0 or 1) || cs[1][^1] is not (0 or 1))
        {
            // Row kernels need unit or zero inner strides: copy the operand(s) that lack them.
            if (cs[0][^1] is not (0 or 1)) a = a.ContiguousData();
            if (cs[1][^1] is not (0 or 1)) b = b.ContiguousData();
            (cd, cs) = Strided.Coalesce(shape,
                Shape.BroadcastStrides(a.dims, a.strides, shape),
                Shape.BroadcastStrides(b.dims, b.strides, shape));
        }
        T[] xs = a.Data<T>(), ys = b.Data<T>();
        int ao = a.offset, bo = b.offset;
        int[] sa = cs[0], sb = cs[1];
        int inner = cd[^1], ia = sa[^1], ib = sb[^1];
        int outer = d.Count / Math.Max(inner, 1);
        Par.For(outer, Math.Max(1, Grain / Math.Max(inner, 1)), (lo, hi) =>
        {
            for (int row = lo; row < hi; row++)
            {
                int oa = Strided.RowOffset(row, cd, sa, ao), ob = Strided.RowOffset(row, cd, sb, bo);
                var dst = ds.AsSpan(row * inner, inner);
                if (ia == 1 && ib == 1) BinaryKernels.VV(op, xs.AsSpan(oa, inner), ys.AsSpan(ob, inner), dst);
                else if (ia == 1 && ib == 0) BinaryKernels.VS(op, xs.AsSpan(oa, inner), ys[ob], dst);
                else if (ia == 0 && ib == 1) BinaryKernels.SV(op, xs[oa], ys.AsSpan(ob, inner), dst);
                else
                    for (int j = 0; j < inner; j++)
                        BinaryKernels.VS(op, xs.AsSpan(oa + j * ia, 1), ys[ob + j * ib], dst.Slice(j, 1));
            }
        });
    }

    /// <summary>Elementwise dtype conversion (float to int truncates toward zero, like PyTorch; to bool is x != 0, so NaN is true).</summary>
    public static Tensor Convert(Tensor x, ScalarType to)
    {
        x = x.ContiguousData();
        var y = Tensor.Empty(to, x.dims);
        if (x.dtype == to)
        {
            Array.Copy(x.storage.Data, x.offset, y.storage.Data, 0, x.Count);
            return y;
        }
        switch (x.dtype, to)
        {
            case (ScalarType.Float32, ScalarType.Float64): TensorPrimitives.ConvertChecked<float, double>(x.ReadSpan<float>(), y.Span<double>()); break;
            case (ScalarType.Float64, ScalarType.Float32): TensorPrimitives.ConvertTruncating<double, float>(x.ReadSpan<double>(), y.Span<float>()); break;
            case (ScalarType.Float32, ScalarType.Int64): TensorPrimitives.ConvertTruncating<float, long>(x.ReadSpan<float>(), y.Span<long>()); break;
            case (ScalarType.Float64, ScalarType.Int64): TensorPrimitives.ConvertTruncating<double, long>(x.ReadSpan<double>(), y.Span<long>()); break;
            case (ScalarType.Int64, ScalarType.Float32): TensorPrimitives.ConvertTruncating<long, float>(x.ReadSpan<long>(), y.Span<float>()); break;
            case (ScalarType.Int64, ScalarType.Float64): TensorPrimitives.ConvertTruncating<long, double>(x.ReadSpan<long>(), y.Span<double>()); break;
            case (ScalarType.Float32, ScalarType.Bool): NonZero(x.ReadSpan<float>(), y.Span<bool>()); break;
            case (ScalarType.Float64, ScalarType.Bool): NonZero(x.ReadSpan<double>(), y.Span<bool>()); break;
            case (ScalarType.Int64, ScalarType.Bool): NonZero(x.ReadSpan<long>(), y.Span<bool>()); break;
            case (ScalarType.Bool, ScalarType.Float32): ZeroOne(x.ReadSpan<bool>(), y.Span<float>()); break;
            case (ScalarType.Bool, ScalarType.Float64): ZeroOne(x.ReadSpan<bool>(), y.Span<double>()); break;
            case (ScalarType.Bool, ScalarType.Int64): ZeroOne(x.ReadSpan<bool>(), y.Span<long>()); break;
        }
        return y;
    }

    static void NonZero<T>(ReadOnlySpan<T> x, Span<bool> y) where T : INumber<T>
    {
        for (int i = 0; i < x.Length; i++) y[i] = x[i] != T.Zero;
    }

    static void ZeroOne<T>(ReadOnlySpan<bool> x, Span<T> y) where T : INumber<T>
    {
        for (int i = 0; i < x.Length; i++) y[i] = x[i] ? T.One : T.Zero;
    }
}
