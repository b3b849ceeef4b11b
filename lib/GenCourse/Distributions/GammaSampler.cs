namespace GenCourse.Distributions;

/// <summary>Draws from Gamma(alpha, 1) by Marsaglia and Tsang (2000), returned as logarithms so that tiny draws survive.</summary>
internal static class GammaSampler
{
    /// <summary>
    /// log X for X ~ Gamma(alpha, 1). For alpha &gt;= 1: with d = alpha - 1/3, c = 1/sqrt(9d), propose v = (1 + c z)^3
    /// (z standard normal) and accept d v when log u &lt; z^2/2 + d - d v + d log v. For alpha &lt; 1:
    /// Gamma(alpha) = Gamma(alpha + 1) U^(1/alpha).
    /// </summary>
    public static double LogSample(double alpha, Generator generator)
    {
        if (alpha < 1) return LogSample(alpha + 1, generator) + Math.Log(1 - generator.NextDouble()) / alpha;
        double d = alpha - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z = generator.NextNormal(), v = 1 + c * z;
            if (v <= 0) continue;
            v = v * v * v;
            double u = 1 - generator.NextDouble();
            if (Math.Log(u) < 0.5 * z * z + d - d * v + d * Math.Log(v)) return Math.Log(d * v);
        }
    }
}
