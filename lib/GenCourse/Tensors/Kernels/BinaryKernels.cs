using System.Numerics;
using System.Numerics.Tensors;

namespace GenCourse.Kernels;

internal enum BinaryOp
{
    Add, Sub, Mul, Div, Pow, Maximum, Minimum, Atan2,
    /// <summary>a - b trunc(a / b) (C's fmod) and a - b floor(a / b) (Python's %).</summary>
    Fmod, Remainder,
    /// <summary>a where b &gt; 0, else 0: the gradient gate of relu.</summary>
    PassWherePositive,
    Eq, Ne, Lt, Le, Gt, Ge,
}

/// <summary>
/// Elementwise functions of two operands on contiguous spans, in the three layouts broadcasting
/// reduces to: vector-vector, vector-scalar and scalar-vector.
/// </summary>
internal static class BinaryKernels
{
    public static bool IsComparison(this BinaryOp op) => op >= BinaryOp.Eq;

    public static void VV<T>(BinaryOp op, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d)
        where T : unmanaged, INumber<T>
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(a, b, d); return;
            case BinaryOp.Sub: TensorPrimitives.Subtract(a, b, d); return;
            case BinaryOp.Mul: TensorPrimitives.Multiply(a, b, d); return;
            case BinaryOp.Div: TensorPrimitives.Divide(a, b, d); return;
            case BinaryOp.Maximum: TensorPrimitives.Max(a, b, d); return;
            case BinaryOp.Minimum: TensorPrimitives.Min(a, b, d); return;
            case BinaryOp.PassWherePositive: PassWherePositive(a, b, d); return;
        }
        int done = op.IsComparison() ? Compare(op, a, b, default, d) : 0;
        for (int i = done; i < d.Length; i++) d[i] = Scalar(op, a[i], b[i]);
    }

    public static void VS<T>(BinaryOp op, ReadOnlySpan<T> a, T s, Span<T> d) where T : unmanaged, INumber<T>
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(a, s, d); return;
            case BinaryOp.Sub: TensorPrimitives.Subtract(a, s, d); return;
            case BinaryOp.Mul: TensorPrimitives.Multiply(a, s, d); return;
            case BinaryOp.Div: TensorPrimitives.Divide(a, s, d); return;
            case BinaryOp.Maximum: TensorPrimitives.Max(a, s, d); return;
            case BinaryOp.Minimum: TensorPrimitives.Min(a, s, d); return;
        }
        int done = op.IsComparison() ? Compare(op, a, default, s, d) : 0;
        for (int i = done; i < d.Length; i++) d[i] = Scalar(op, a[i], s);
    }

    public static void SV<T>(BinaryOp op, T s, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T>
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(b, s, d); return;
            case BinaryOp.Sub: TensorPrimitives.Subtract(s, b, d); return;
            case BinaryOp.Mul: TensorPrimitives.Multiply(b, s, d); return;
            case BinaryOp.Div: TensorPrimitives.Divide(s, b, d); return;
            case BinaryOp.Maximum: TensorPrimitives.Max(b, s, d); return;
            case BinaryOp.Minimum: TensorPrimitives.Min(b, s, d); return;
        }
        // s < b[i] is b[i] > s, and so on: compare with the operands swapped.
        int done = op.IsComparison() ? Compare(Swapped(op), b, default, s, d) : 0;
        for (int i = done; i < d.Length; i++) d[i] = Scalar(op, s, b[i]);
    }

    /// <summary>
    /// 1 where a[i] op b[i] (or a[i] op s when b is empty), else 0, for whole vectors; returns how many elements it did.
    /// Ordered comparisons with NaN are false and NaN != x is true, as in the scalar path.
    /// </summary>
    static int Compare<T>(BinaryOp op, ReadOnlySpan<T> a, ReadOnlySpan<T> b, T s, Span<T> d) where T : unmanaged, INumber<T>
    {
        if (!Vector.IsHardwareAccelerated || !Vector<T>.IsSupported) return 0;
        int i = 0, lanes = Vector<T>.Count;
        var one = Vector<T>.One;
        var scalar = new Vector<T>(s);
        for (; i + lanes <= d.Length; i += lanes)
        {
            var x = new Vector<T>(a.Slice(i));
            var y = b.IsEmpty ? scalar : new Vector<T>(b.Slice(i));
            var mask = op switch
            {
                BinaryOp.Eq => Vector.Equals(x, y),
                BinaryOp.Ne => ~Vector.Equals(x, y),
                BinaryOp.Lt => Vector.LessThan(x, y),
                BinaryOp.Le => Vector.LessThanOrEqual(x, y),
                BinaryOp.Gt => Vector.GreaterThan(x, y),
                _ => Vector.GreaterThanOrEqual(x, y),
            };
            Vector.ConditionalSelect(mask, one, Vector<T>.Zero).CopyTo(d.Slice(i));
        }
        return i;
    }

    /// <summary>The comparison that holds for (b, a) exactly when op holds for (a, b).</summary>
    static BinaryOp Swapped(BinaryOp op) => op switch
    {
        BinaryOp.Lt => BinaryOp.Gt,
        BinaryOp.Le => BinaryOp.Ge,
        BinaryOp.Gt => BinaryOp.Lt,
        BinaryOp.Ge => BinaryOp.Le,
        _ => op,
    };

    static void PassWherePositive<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            for (; i + Vector<T>.Count <= d.Length; i += Vector<T>.Count)
            {
                var mask = Vector.GreaterThan(new Vector<T>(b.Slice(i)), Vector<T>.Zero);
                Vector.ConditionalSelect(mask, new Vector<T>(a.Slice(i)), Vector<T>.Zero).CopyTo(d.Slice(i));
            }
        for (; i < d.Length; i++) d[i] = b[i] > T.Zero ? a[i] : T.Zero;
    }

    static T Scalar<T>(BinaryOp op, T x, T y) where T : INumber<T> => op switch
    {
        BinaryOp.PassWherePositive => y > T.Zero ? x : T.Zero,
        BinaryOp.Pow => Pow(x, y),
        BinaryOp.Atan2 => T.CreateChecked(Math.Atan2(double.CreateChecked(x), double.CreateChecked(y))),
        BinaryOp.Fmod => x % y,
        BinaryOp.Remainder => Remainder(x, y),
        BinaryOp.Eq => x == y ? T.One : T.Zero,
        BinaryOp.Ne => x != y ? T.One : T.Zero,
        BinaryOp.Lt => x < y ? T.One : T.Zero,
        BinaryOp.Le => x <= y ? T.One : T.Zero,
        BinaryOp.Gt => x > y ? T.One : T.Zero,
        BinaryOp.Ge => x >= y ? T.One : T.Zero,
        _ => throw new NotSupportedException(op.ToString()),
    };

    /// <summary>fmod moved onto the divisor's side, as PyTorch's CPU kernel does: r = x % y, plus y when r and y differ in sign.</summary>
    static T Remainder<T>(T x, T y) where T : INumber<T>
    {
        var r = x % y;
        return r != T.Zero && (r < T.Zero) != (y < T.Zero) ? r + y : r;
    }

    static T Pow<T>(T x, T y) where T : INumber<T> =>
        T.CreateChecked(Math.Pow(double.CreateChecked(x), double.CreateChecked(y)));
}
