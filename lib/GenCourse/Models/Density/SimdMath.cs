using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GenCourse.Models.Density;

/// <summary>
/// exp and cos on four doubles at once, accurate to about 1 ulp, for the kernel-sum loops. (On net8.0
/// TensorPrimitives.Exp for double runs at scalar speed, and the KDE inner loop is almost only exp.)
/// </summary>
internal static class SimdMath
{
    const double Log2E = 1.4426950408889634;
    // ln 2 split so that n * Ln2Hi is exact for |n| < 2^11 (fdlibm's constants).
    const double Ln2Hi = 6.93147180369123816490e-01, Ln2Lo = 1.90821492927058770002e-10;
    // Adding 1.5 * 2^52 rounds to the nearest integer and leaves it in the low bits of the mantissa.
    const double RoundingShift = 6755399441055744.0;

    /// <summary>a * b + c, fused when the CPU has FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MulAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

    /// <summary>
    /// e^t for t in [-708, 709] (clamped outside): t = n ln 2 + r with |r| &lt;= ln2 / 2,
    /// e^r by its Taylor polynomial of degree 12 (relative remainder &lt; 2e-16), times 2^n built in the exponent bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> t)
    {
        t = Vector256.Min(Vector256.Max(t, Vector256.Create(-708.0)), Vector256.Create(709.0));
        var shifted = MulAdd(t, Vector256.Create(Log2E), Vector256.Create(RoundingShift));
        var n = shifted - Vector256.Create(RoundingShift);
        var r = MulAdd(n, Vector256.Create(-Ln2Hi), t);
        r = MulAdd(n, Vector256.Create(-Ln2Lo), r);
        var p = Vector256.Create(1.0 / 479001600);
        p = MulAdd(p, r, Vector256.Create(1.0 / 39916800));
        p = MulAdd(p, r, Vector256.Create(1.0 / 3628800));
        p = MulAdd(p, r, Vector256.Create(1.0 / 362880));
        p = MulAdd(p, r, Vector256.Create(1.0 / 40320));
        p = MulAdd(p, r, Vector256.Create(1.0 / 5040));
        p = MulAdd(p, r, Vector256.Create(1.0 / 720));
        p = MulAdd(p, r, Vector256.Create(1.0 / 120));
        p = MulAdd(p, r, Vector256.Create(1.0 / 24));
        p = MulAdd(p, r, Vector256.Create(1.0 / 6));
        p = MulAdd(p, r, Vector256.Create(0.5));
        p = MulAdd(p, r, Vector256.Create(1.0));
        p = MulAdd(p, r, Vector256.Create(1.0));
        var exponent = shifted.AsInt64() - Vector256.Create(RoundingShift).AsInt64() + Vector256.Create(1023L);
        return p * Vector256.ShiftLeft(exponent, 52).AsDouble();
    }

    /// <summary>y = e^x elementwise (x clamped to [-708, 709]).</summary>
    public static void Exp(ReadOnlySpan<double> x, Span<double> y)
    {
        int i = 0;
        for (; i + 4 <= x.Length; i += 4)
            Exp(Vector256.Create(x.Slice(i, 4))).CopyTo(y.Slice(i, 4));
        for (; i < x.Length; i++) y[i] = Math.Exp(Math.Clamp(x[i], -708, 709));
    }

    // (-1)^k / (2k)! for k = 0..12.
    static readonly double[] CosCoefficients = Enumerable.Range(0, 13)
        .Select(k => (k % 2 == 0 ? 1 : -1) / Enumerable.Range(1, 2 * k).Aggregate(1.0, (f, i) => f * i)).ToArray();

    /// <summary>cos x for |x| &lt;= pi/2 by its Taylor series in x^2 up to x^24 (remainder &lt; 1e-18).</summary>
    public static Vector256<double> CosSmall(Vector256<double> x)
    {
        var x2 = x * x;
        var p = Vector256.Create(CosCoefficients[12]);
        for (int k = 11; k >= 0; k--) p = MulAdd(p, x2, Vector256.Create(CosCoefficients[k]));
        return p;
    }
}
