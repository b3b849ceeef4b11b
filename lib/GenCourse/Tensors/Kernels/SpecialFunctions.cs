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
        if (ax >= 6) return Math.Sign(x);
        if (ax < 3)
        {
            double term = ax, sum = ax, x2 = ax * ax;
            for (int n = 1; n < 200 && term > 1e-17 * sum; n++)
            {
                term *= 2 * x2 / (2 * n + 1);
                sum += term;
            }
            return Math.Sign(x) * TwoOverSqrtPi * Math.Exp(-x2) * sum;
        }
        return Math.Sign(x) * (1 - ErfcContinuedFraction(ax));
    }

    // erfc(x) = e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), evaluated bottom-up.
    static double ErfcContinuedFraction(double x)
    {
        double f = x;
        for (int k = 60; k >= 1; k--) f = x + k / 2.0 / f;
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }
}
