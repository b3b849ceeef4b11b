using System.Numerics;
using System.Numerics.Tensors;

namespace GenCourse.Kernels;

internal enum UnaryOp
{
    Neg, Exp, Log, Log1p, Expm1, Sqrt, Rsqrt, Abs, Sign, Sigmoid, Tanh, Relu, Sin, Cos, Reciprocal, Erf,
    Floor, Ceil, Round, Square,
    /// <summary>x^p1.</summary>
    PowScalar,
    /// <summary>min(max(x, p1), p2).</summary>
    Clamp,
    /// <summary>log(1 + exp(p1 x)) / p1, or x where p1 x &gt; p2 (PyTorch's threshold).</summary>
    Softplus,
    /// <summary>1 where p1 &lt;= x &lt;= p2, else 0 (the gradient mask of clamp).</summary>
    InRange,
    Lgamma, Digamma, Erfinv,
    /// <summary>The p1-th derivative of digamma.</summary>
    Polygamma,
}

/// <summary>Elementwise functions of one operand on contiguous spans.</summary>
internal static class UnaryKernels
{
    public static void Apply<T>(UnaryOp op, ReadOnlySpan<T> x, Span<T> y, double p1, double p2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T a = T.CreateChecked(p1), b = T.CreateChecked(p2);
        switch (op)
        {
            case UnaryOp.Neg: TensorPrimitives.Negate(x, y); break;
            case UnaryOp.Exp: TensorPrimitives.Exp(x, y); break;
            case UnaryOp.Log: TensorPrimitives.Log(x, y); break;
            case UnaryOp.Log1p: Log1p(x, y); break;
            case UnaryOp.Expm1: Expm1(x, y); break;
            case UnaryOp.Sqrt: TensorPrimitives.Sqrt(x, y); break;
            case UnaryOp.Rsqrt: TensorPrimitives.ReciprocalSqrt(x, y); break;
            case UnaryOp.Abs: TensorPrimitives.Abs(x, y); break;
            case UnaryOp.Sigmoid: Sigmoid(x, y); break;
            case UnaryOp.Tanh: Tanh(x, y); break;
            case UnaryOp.Relu: TensorPrimitives.Max(x, T.Zero, y); break;
            case UnaryOp.Sin: TensorPrimitives.Sin(x, y); break;
            case UnaryOp.Cos: TensorPrimitives.Cos(x, y); break;
            case UnaryOp.Reciprocal: TensorPrimitives.Reciprocal(x, y); break;
            case UnaryOp.Floor: TensorPrimitives.Floor(x, y); break;
            case UnaryOp.Ceil: TensorPrimitives.Ceiling(x, y); break;
            case UnaryOp.Square: TensorPrimitives.Multiply(x, x, y); break;
            case UnaryOp.Round:
                for (int i = 0; i < x.Length; i++) y[i] = T.Round(x[i], MidpointRounding.ToEven);
                break;
            case UnaryOp.Sign:
                for (int i = 0; i < x.Length; i++) y[i] = T.IsNaN(x[i]) ? x[i] : T.CreateChecked(T.Sign(x[i]));
                break;
            case UnaryOp.Erf:
                for (int i = 0; i < x.Length; i++) y[i] = T.CreateChecked(SpecialFunctions.Erf(double.CreateChecked(x[i])));
                break;
            case UnaryOp.Lgamma: MapDouble(x, y, GammaFunctions.Lgamma); break;
            case UnaryOp.Digamma: MapDouble(x, y, GammaFunctions.Digamma); break;
            case UnaryOp.Erfinv: MapDouble(x, y, GammaFunctions.Erfinv); break;
            case UnaryOp.Polygamma: MapDouble(x, y, v => GammaFunctions.Polygamma((int)p1, v)); break;
            case UnaryOp.PowScalar:
                if (p1 == 2) TensorPrimitives.Multiply(x, x, y);
                else TensorPrimitives.Pow(x, a, y);
                break;
            case UnaryOp.Clamp:
                TensorPrimitives.Max(x, a, y);
                TensorPrimitives.Min(y, b, y);
                break;
            case UnaryOp.Softplus: Softplus(x, y, a, b); break;
            case UnaryOp.InRange:
                for (int i = 0; i < x.Length; i++) y[i] = x[i] >= a && x[i] <= b ? T.One : T.Zero;
                break;
            default: throw new NotSupportedException(op.ToString());
        }
    }

    /// <summary>Integer tensors support only the operations that stay integers.</summary>
    public static void ApplyInt64(UnaryOp op, ReadOnlySpan<long> x, Span<long> y, double p1, double p2)
    {
        switch (op)
        {
            case UnaryOp.Neg: TensorPrimitives.Negate(x, y); break;
            case UnaryOp.Abs: TensorPrimitives.Abs(x, y); break;
            case UnaryOp.Sign: for (int i = 0; i < x.Length; i++) y[i] = Math.Sign(x[i]); break;
            case UnaryOp.Square: TensorPrimitives.Multiply(x, x, y); break;
            case UnaryOp.Clamp:
                for (int i = 0; i < x.Length; i++) y[i] = (long)Math.Min(Math.Max(x[i], p1), p2);
                break;
            case UnaryOp.Relu: TensorPrimitives.Max(x, 0L, y); break;
            case UnaryOp.Floor or UnaryOp.Ceil: x.CopyTo(y); break;   // integers are already whole (libtorch has no round for int64)
            default: throw new ArgumentException($"{op.ToString().ToLowerInvariant()}: not supported for int64 tensors; convert with .to(torch.float32) first");
        }
    }

    // The platform's LogP1/ExpM1 compute log(1 + x) and exp(x) - 1 literally, losing the digits of a tiny x
    // (1e-3 relative error at x = 1e-13). Goldberg's and Kahan's corrections restore full precision.

    // The transcendental parts run vectorised on whole spans (TensorPrimitives); the corrections are cheap selects.

    /// <summary>log(1 + x) = log(u) (x / (u - 1)) with u = 1 + x rounded (exact where u == 1; the ratio first, so a huge x cannot overflow).</summary>
    static void Log1p<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var u = new Scratch<T>(x.Length);
        TensorPrimitives.Add(x, T.One, u.Span);
        TensorPrimitives.Log(u.Span, y);
        for (int i = 0; i < x.Length; i++)
        {
            T ui = u.Span[i];
            y[i] = ui == T.One ? x[i] : T.IsPositiveInfinity(ui) ? ui : y[i] * (x[i] / (ui - T.One));
        }
    }

    /// <summary>exp(x) - 1 = (u - 1) (x / log(u)) with u = exp(x) rounded (the ratio first, so (u - 1) x cannot overflow near exp's limit).</summary>
    static void Expm1<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var u = new Scratch<T>(x.Length);
        using var logU = new Scratch<T>(x.Length);
        TensorPrimitives.Exp(x, u.Span);
        TensorPrimitives.Log(u.Span, logU.Span);
        for (int i = 0; i < x.Length; i++)
        {
            T ui = u.Span[i], um1 = ui - T.One;
            y[i] = ui == T.One ? x[i] : um1 == -T.One || T.IsPositiveInfinity(ui) ? um1 : um1 * (x[i] / logU.Span[i]);
        }
    }

    /// <summary>
    /// tanh(x) = -t / (t + 2) with t = expm1(-2|x|), signed like x: accurate to a few ulp everywhere, where
    /// TensorPrimitives.Tanh has an absolute error of about one ulp of 1 near 0 (tanh(1e-10f) = -6e-8, tanh(+0) = -0).
    /// </summary>
    static void Tanh<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Abs(x, y);
        TensorPrimitives.Multiply(y, T.CreateChecked(-2), y);
        Expm1(y, y);
        for (int i = 0; i < x.Length; i++) y[i] = T.CopySign(-y[i] / (y[i] + T.CreateChecked(2)), x[i]);
    }

    /// <summary>softplus(x) = (max(z, 0) + log1p(e^{-|z|})) / beta with z = beta x; x itself where z &gt; threshold.</summary>
    static void Softplus<T>(ReadOnlySpan<T> x, Span<T> y, T beta, T threshold) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var z = new Scratch<T>(x.Length);
        using var t = new Scratch<T>(x.Length);
        TensorPrimitives.Multiply(x, beta, z.Span);
        TensorPrimitives.Abs(z.Span, t.Span);
        TensorPrimitives.Negate(t.Span, t.Span);
        TensorPrimitives.Exp(t.Span, t.Span);
        Log1p(t.Span, y);
        for (int i = 0; i < x.Length; i++)
        {
            T zi = z.Span[i];
            y[i] = zi > threshold ? x[i] : (T.Max(zi, T.Zero) + y[i]) / beta;
        }
    }

    /// <summary>
    /// d = g * softplus'(x) = g * sigmoid(beta x), or g where beta x &gt; threshold, in one pass over blocks small
    /// enough to stay in L1 (the differentiable form takes seven passes and six temporaries).
    /// </summary>
    public static void SoftplusGrad<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> x, Span<T> d, T beta, T threshold)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int Block = 512;
        Span<T> z = stackalloc T[Block], s = stackalloc T[Block];
        for (int start = 0; start < x.Length; start += Block)
        {
            int n = Math.Min(Block, x.Length - start);
            Span<T> zb = z[..n], sb = s[..n];
            TensorPrimitives.Multiply(x.Slice(start, n), beta, zb);
            Sigmoid<T>(zb, sb);
            for (int i = 0; i < n; i++)
                d[start + i] = zb[i] > threshold ? g[start + i] : g[start + i] * sb[i];
        }
    }

    /// <summary>
    /// Binary cross-entropy of logits x against targets t, (1 - t) x + softplus(-x), in the order of the unfused ops
    /// (libtorch's too: (1 - t) x first keeps a confident logit from cancelling), over blocks that stay in L1.
    /// </summary>
    public static void BinaryCrossEntropyWithLogits<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> t, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int Block = 512;
        Span<T> z = stackalloc T[Block], sp = stackalloc T[Block];
        for (int start = 0; start < x.Length; start += Block)
        {
            int n = Math.Min(Block, x.Length - start);
            Span<T> zb = z[..n], spb = sp[..n];
            TensorPrimitives.Negate(x.Slice(start, n), zb);
            Softplus<T>(zb, spb, T.One, T.CreateChecked(20));
            for (int i = 0; i < n; i++)
                y[start + i] = (T.One - t[start + i]) * x[start + i] + spb[i];
        }
    }

    /// <summary>d = g * (sigmoid(x) - t): the gradient of <see cref="BinaryCrossEntropyWithLogits"/> in x.</summary>
    public static void BinaryCrossEntropyWithLogitsGrad<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> x, ReadOnlySpan<T> t, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int Block = 512;
        Span<T> s = stackalloc T[Block];
        for (int start = 0; start < x.Length; start += Block)
        {
            int n = Math.Min(Block, x.Length - start);
            Span<T> sb = s[..n];
            Sigmoid<T>(x.Slice(start, n), sb);
            for (int i = 0; i < n; i++)
                d[start + i] = g[start + i] * (sb[i] - t[start + i]);
        }
    }

    /// <summary>A scalar function evaluated in double precision.</summary>
    static void MapDouble<T>(ReadOnlySpan<T> x, Span<T> y, Func<double, double> f) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++) y[i] = T.CreateChecked(f(double.CreateChecked(x[i])));
    }

    // 1 / (1 + exp(-x)), evaluated so that neither branch overflows.
    static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Sigmoid(x, y);
        for (int i = 0; i < x.Length; i++)
            if (T.IsNaN(y[i]) && !T.IsNaN(x[i])) y[i] = x[i] > T.Zero ? T.One : T.Zero;
    }
}
