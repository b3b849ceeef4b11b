namespace GenCourse.Models.Density;

/// <summary>
/// Inversion sampling in 1-D: if U ~ Uniform(0, 1) then X = F^-1(U) has CDF F. The quantile function F^-1 comes
/// from an analytic CDF (inverted numerically by safeguarded Newton / bisection), from a tabulated CDF (linear
/// interpolation between the table points) or from a sample (empirical quantiles, interpolated between order
/// statistics as NumPy's default <c>quantile</c>).
/// </summary>
/// <example><code>
/// var exponential = InverseCdfSampler.FromCdf(x => 1 - Math.Exp(-x), 0, double.PositiveInfinity, pdf: x => Math.Exp(-x));
/// var x = exponential.Sample(1000, new Generator(0));   // [1000]
/// </code></example>
public sealed class InverseCdfSampler
{
    readonly Func<double, double> quantile;

    InverseCdfSampler(Func<double, double> quantile) => this.quantile = quantile;

    /// <summary>
    /// Inverts a continuous, non-decreasing CDF on [lower, upper] (either may be infinite: the bracket is then grown
    /// from +-1 by doubling). With the density <paramref name="pdf"/>, Newton steps x -= (F(x) - u) / f(x) are taken
    /// while they stay inside the bracket, else bisection; stops when the bracket is below tolerance * max(1, |x|).
    /// </summary>
    public static InverseCdfSampler FromCdf(Func<double, double> cdf, double lower, double upper, Func<double, double>? pdf = null, double tolerance = 1e-12)
    {
        ArgumentNullException.ThrowIfNull(cdf);
        if (!(lower < upper)) throw new ArgumentException($"InverseCdfSampler.FromCdf: lower ({lower}) must be < upper ({upper})", nameof(lower));
        if (!(tolerance > 0)) throw new ArgumentException($"InverseCdfSampler.FromCdf: tolerance must be > 0, got {tolerance}", nameof(tolerance));
        return new InverseCdfSampler(u => Invert(cdf, pdf, lower, upper, u, tolerance));
    }

    /// <summary>Inverts the piecewise-linear CDF through the points (x[i], cdf[i]): x increasing, cdf non-decreasing from 0 to 1.</summary>
    public static InverseCdfSampler FromTable(double[] x, double[] cdf)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(cdf);
        if (x.Length != cdf.Length || x.Length < 2)
            throw new ArgumentException($"InverseCdfSampler.FromTable: x and cdf need the same length >= 2, got {x.Length} and {cdf.Length}", nameof(cdf));
        for (int i = 1; i < x.Length; i++)
        {
            if (!(x[i] > x[i - 1])) throw new ArgumentException($"InverseCdfSampler.FromTable: x must increase, but x[{i}] = {x[i]} after {x[i - 1]}", nameof(x));
            if (!(cdf[i] >= cdf[i - 1])) throw new ArgumentException($"InverseCdfSampler.FromTable: cdf must not decrease, but cdf[{i}] = {cdf[i]} after {cdf[i - 1]}", nameof(cdf));
        }
        if (Math.Abs(cdf[0]) > 1e-9 || Math.Abs(cdf[^1] - 1) > 1e-9)
            throw new ArgumentException($"InverseCdfSampler.FromTable: cdf must go from 0 to 1, got {cdf[0]} .. {cdf[^1]}", nameof(cdf));
        var (xs, cs) = ((double[])x.Clone(), (double[])cdf.Clone());
        return new InverseCdfSampler(u => InterpolateInverse(xs, cs, u));
    }

    /// <summary>Empirical quantiles of a 1-D sample: Q(u) interpolates the order statistics at position u (n - 1).</summary>
    public static InverseCdfSampler FromSamples(Tensor samples)
    {
        var points = Points.From(samples, "InverseCdfSampler.FromSamples", "samples", minCount: 1, dimension: 1);
        var sorted = (double[])points.Values.Clone();
        Array.Sort(sorted);
        return new InverseCdfSampler(u =>
        {
            double position = u * (sorted.Length - 1);
            int below = Math.Min((int)position, sorted.Length - 1);
            int above = Math.Min(below + 1, sorted.Length - 1);
            return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
        });
    }

    /// <summary>F^-1(u) for u in [0, 1].</summary>
    public double Quantile(double u)
    {
        if (!(u >= 0 && u <= 1)) throw new ArgumentException($"InverseCdfSampler.Quantile: u must be in [0, 1], got {u}", nameof(u));
        return quantile(u);
    }

    /// <summary>F^-1 elementwise, float64 of the same shape.</summary>
    public Tensor Quantile(Tensor u) =>
        torch.tensor(Array.ConvertAll(u.ToDoubles(), Quantile), u.shape);

    /// <summary>n draws F^-1(U_i), U_i ~ Uniform(0, 1), float64 [n].</summary>
    public Tensor Sample(int n, Generator? generator = null)
    {
        if (n < 0) throw new ArgumentException($"InverseCdfSampler.Sample: n must be >= 0, got {n}", nameof(n));
        var gen = new RandomStream(generator);
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = quantile(gen.NextDouble());
        return Points.Vector(values);
    }

    static double Invert(Func<double, double> cdf, Func<double, double>? pdf, double lower, double upper, double u, double tolerance)
    {
        // Bracket [lo, hi] with F(lo) <= u <= F(hi); infinite ends are pushed out by doubling.
        double lo = double.IsNegativeInfinity(lower) ? Math.Min(-1, upper - 1) : lower;
        double hi = double.IsPositiveInfinity(upper) ? Math.Max(1, lower + 1) : upper;
        for (int i = 0; i < 1100 && double.IsNegativeInfinity(lower) && cdf(lo) > u; i++) lo *= 2;
        for (int i = 0; i < 1100 && double.IsPositiveInfinity(upper) && cdf(hi) < u; i++) hi *= 2;
        double x = 0.5 * (lo + hi);
        for (int iteration = 0; iteration < 300; iteration++)
        {
            double residual = cdf(x) - u;
            if (residual == 0) return x;
            if (residual > 0) hi = x;
            else lo = x;
            double slope = pdf?.Invoke(x) ?? 0;
            double newton = slope > 0 ? x - residual / slope : double.NaN;
            double next = newton > lo && newton < hi ? newton : 0.5 * (lo + hi);
            double scale = tolerance * Math.Max(1, Math.Abs(next));
            if (Math.Abs(next - x) <= scale || hi - lo <= scale) return next;
            x = next;
        }
        return x;
    }

    static double InterpolateInverse(double[] x, double[] cdf, double u)
    {
        int i = Array.BinarySearch(cdf, u);
        if (i >= 0)
        {
            while (i > 0 && cdf[i - 1] == u) i--;   // a flat stretch at level u: its left end
            return x[i];
        }
        int above = ~i;
        if (above == 0) return x[0];
        if (above == x.Length) return x[^1];
        double t = (u - cdf[above - 1]) / (cdf[above] - cdf[above - 1]);
        return x[above - 1] + t * (x[above] - x[above - 1]);
    }
}
