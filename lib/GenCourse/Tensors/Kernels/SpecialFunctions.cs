namespace GenCourse.Kernels;

/// <summary>Scalar special functions the engine needs in double precision.</summary>
internal static class SpecialFunctions
{
    const double TwoOverSqrtPi = 1.1283791670955126;

    /// <summary>
    /// erf(x) to about 1e-15: for |x| &lt; 3 the series 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (2n+1)!!
    /// (all terms positive, so no cancellation); beyond, 1 - erfc(x) with erfc's continued fraction.
    /// </summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return x;
        double ax = Math.Abs(x);
        if (ax >= 6) return double.CopySign(1, x);
        if (ax < 3)
        {
            double term = ax, sum = ax, x2 = ax * ax;
            for (int n = 1; n < 200 && term > 1e-17 * sum; n++)
            {
                term *= 2 * x2 / (2 * n + 1);
                sum += term;
            }
            return double.CopySign(TwoOverSqrtPi * Math.Exp(-x2) * sum, x);   // erf is odd: erf(-0) = -0
        }
        return double.CopySign(1 - ErfcContinuedFraction(ax), x);
    }

    /// <summary>erfc(x) = 1 - erf(x), without the cancellation of 1 - erf(x) for x &gt;= 3.</summary>
    public static double Erfc(double x) => x >= 3 ? (x >= 27 ? 0 : ErfcContinuedFraction(x)) : 1 - Erf(x);

    // erfc(x) = e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), evaluated bottom-up.
    static double ErfcContinuedFraction(double x)
    {
        double f = x;
        for (int k = 60; k >= 1; k--) f = x + k / 2.0 / f;
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }
}

/// <summary>The gamma-function family (log Gamma, digamma, polygamma) and the inverse error function, in double precision.</summary>
internal static class GammaFunctions
{
    const double HalfLog2Pi = 0.91893853320467274;

    /// <summary>
    /// log|Gamma(x)|: Stirling's series for x &gt;= 10, the recurrence Gamma(x+1) = x Gamma(x) below,
    /// and the reflection Gamma(x) Gamma(1-x) = pi / sin(pi x) for x &lt; 0.5. +inf at 0, -1, -2, ...
    /// </summary>
    public static double Lgamma(double x)
    {
        if (double.IsNaN(x)) return x;
        if (double.IsInfinity(x)) return double.PositiveInfinity;
        if (x == 1 || x == 2) return 0;   // exactly, as C's lgamma (the series below leaves ~2e-15 there)
        if (x < 0.5)
        {
            if (x == Math.Floor(x)) return double.PositiveInfinity;
            return Math.Log(Math.PI) - Math.Log(Math.Abs(double.SinPi(x))) - Lgamma(1 - x);   // pi / sin(pi x) overflows for subnormal x
        }
        double shift = 0;
        if (x < 10)
        {
            double product = 1;
            while (x < 10) { product *= x; x += 1; }
            shift = Math.Log(product);
        }
        double r = 1 / x, r2 = r * r;
        double series = r * (1.0 / 12 + r2 * (-1.0 / 360 + r2 * (1.0 / 1260 + r2 * (-1.0 / 1680 + r2 * (1.0 / 1188 + r2 * (-691.0 / 360360 + r2 / 156))))));
        return (x - 0.5) * Math.Log(x) - x + HalfLog2Pi + series - shift;
    }

    /// <summary>psi(x) = d/dx log Gamma(x): asymptotic series for x &gt;= 10, psi(x) = psi(x+1) - 1/x below, reflection for x &lt; 0.</summary>
    public static double Digamma(double x)
    {
        if (double.IsNaN(x) || double.IsPositiveInfinity(x)) return x;
        if (x == 0) return double.CopySign(double.PositiveInfinity, -x);   // -inf at +0, +inf at -0 (PyTorch, SciPy)
        if (x < 0)
        {
            if (x == Math.Floor(x)) return double.NaN;
            return Digamma(1 - x) - Math.PI / double.TanPi(x);
        }
        double shift = 0;
        while (x < 10) { shift -= 1 / x; x += 1; }
        double r2 = 1 / (x * x);
        double series = r2 * (1.0 / 12 - r2 * (1.0 / 120 - r2 * (1.0 / 252 - r2 * (1.0 / 240 - r2 * (1.0 / 132 - r2 * (691.0 / 32760 - r2 / 12))))));
        return Math.Log(x) - 0.5 / x - series + shift;
    }

    // B_2k / (2k)! for k = 1..10, the coefficients of the asymptotic series of the polygamma functions.
    static readonly double[] BernoulliOverFactorial =
    [
        1.0 / 12, -1.0 / 720, 1.0 / 30240, -1.0 / 1209600, 1.0 / 47900160,
        -691.0 / 1307674368000, 1.0 / 74724249600, -3617.0 / 10670622842880000.0, 43867.0 / 5109094217170944000.0,
        -174611.0 / 802857662698291200000.0,
    ];

    /// <summary>
    /// The n-th derivative of psi, psi^(n)(x) = (-1)^(n+1) n! sum_k 1/(x+k)^(n+1): the recurrence up to x &gt;= 20,
    /// then the asymptotic series (-1)^(n+1) [(n-1)!/x^n + n!/(2 x^(n+1)) + sum_k B_2k (2k+n-1)!/((2k)! x^(2k+n))].
    /// </summary>
    public static double Polygamma(int n, double x)
    {
        if (n < 0) throw new ArgumentException($"polygamma: the order n must be non-negative, got {n}");
        if (n == 0) return Digamma(x);
        if (double.IsNaN(x)) return x;
        if (x <= 0 && x == Math.Floor(x)) return n % 2 == 1 ? double.PositiveInfinity : double.NaN;
        double sum = 0;
        while (x < 20) { sum += Math.Pow(x, -(n + 1)); x += 1; }
        double asymptotic = Factorial(n - 1) * Math.Pow(x, -n) + Factorial(n) / 2 * Math.Pow(x, -(n + 1));
        for (int k = 1; k <= BernoulliOverFactorial.Length; k++)
            asymptotic += BernoulliOverFactorial[k - 1] * Factorial(2 * k + n - 1) * Math.Pow(x, -(2 * k + n));
        return (n % 2 == 1 ? 1 : -1) * (Factorial(n) * sum + asymptotic);
    }

    static double Factorial(int n)
    {
        double f = 1;
        for (int k = 2; k <= n; k++) f *= k;
        return f;
    }

    /// <summary>
    /// erf^-1(y) for y in [-1, 1]: Giles' (2010) single-precision approximation refined by Newton steps on
    /// erf (|y| &lt;= 0.5) or on log erfc = log(1 - |y|) (in the tails, where 1 - |y| is exact, erf would cancel and
    /// log erfc stays nearly quadratic, so Newton converges even from the rough start Giles gives beyond float range).
    /// </summary>
    public static double Erfinv(double y)
    {
        if (double.IsNaN(y) || y < -1 || y > 1) return double.NaN;
        if (Math.Abs(y) == 1) return y * double.PositiveInfinity;
        double a = Math.Abs(y), w = -Math.Log((1 - a) * (1 + a)), p;
        if (w < 5)
        {
            w -= 2.5;
            p = 2.81022636e-08;
            foreach (var c in (double[])[3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941])
                p = c + p * w;
        }
        else
        {
            w = Math.Sqrt(w) - 3;
            p = -0.000200214257;
            foreach (var c in (double[])[0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682])
                p = c + p * w;
        }
        double x = p * a;
        for (int step = 0; step < 10; step++)
        {
            double slope = 1.1283791670955126 * Math.Exp(-x * x), erfc = SpecialFunctions.Erfc(x);
            double dx = a <= 0.5 ? (SpecialFunctions.Erf(x) - a) / slope : (Math.Log(1 - a) - Math.Log(erfc)) * erfc / slope;
            x -= dx;
            if (Math.Abs(dx) <= 1e-16 * x) break;
        }
        return double.CopySign(x, y);
    }
}
