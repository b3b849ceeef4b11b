using GenCourse;
using GenCourse.Models.Density;
using static GenCourse.torch;

namespace GenCourse.Tests.Models.Density;

public class InverseCdfSamplerTests
{
    static double ExponentialCdf(double x) => x <= 0 ? 0 : 1 - Math.Exp(-x);

    /// <summary>Kolmogorov-Smirnov statistic sup_x |F_n(x) - F(x)|.</summary>
    static double KolmogorovSmirnov(double[] sample, Func<double, double> cdf)
    {
        var sorted = sample.OrderBy(v => v).ToArray();
        double worst = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            double f = cdf(sorted[i]);
            worst = Math.Max(worst, Math.Max((i + 1.0) / sorted.Length - f, f - (double)i / sorted.Length));
        }
        return worst;
    }

    [Fact]
    public void AnalyticCdf_ExponentialSample_PassesKolmogorovSmirnov()
    {
        var newton = InverseCdfSampler.FromCdf(ExponentialCdf, 0, double.PositiveInfinity, pdf: x => Math.Exp(-x));
        var bisection = InverseCdfSampler.FromCdf(ExponentialCdf, 0, double.PositiveInfinity);
        Assert.Equal(Math.Log(2), newton.Quantile(0.5), 10);
        Assert.Equal(-Math.Log(0.001), bisection.Quantile(0.999), 9);
        var sample = newton.Sample(5000, new Generator(1)).ToArray<double>();
        // 1.36 / sqrt(n) is the 5% critical value; a fixed seed keeps the test deterministic.
        Assert.True(KolmogorovSmirnov(sample, ExponentialCdf) < 1.36 / Math.Sqrt(5000), "KS statistic too large");
        Assert.Equal(sample, bisection.Sample(5000, new Generator(1)).ToArray<double>(), new Close(1e-9));
    }

    [Fact]
    public void TabulatedCdf_InvertsByLinearInterpolation()
    {
        var grid = Enumerable.Range(0, 2001).Select(i => i * 0.01).ToArray();
        var table = grid.Select(ExponentialCdf).ToArray();
        table[^1] = 1;
        var sampler = InverseCdfSampler.FromTable(grid, table);
        Assert.True(Math.Abs(sampler.Quantile(0.5) - Math.Log(2)) < 1e-4);
        Assert.Equal(0.0, sampler.Quantile(0));
        var sample = sampler.Sample(5000, new Generator(2)).ToArray<double>();
        Assert.True(KolmogorovSmirnov(sample, ExponentialCdf) < 1.36 / Math.Sqrt(5000));
        // A flat stretch (no mass on [1, 2]) is never sampled.
        var gap = InverseCdfSampler.FromTable([0, 1, 2, 3], [0, 0.5, 0.5, 1]);
        Assert.DoesNotContain(gap.Sample(2000, new Generator(3)).ToArray<double>(), v => v > 1 && v < 2);
    }

    [Fact]
    public void EmpiricalQuantiles_InterpolateOrderStatistics()
    {
        var sampler = InverseCdfSampler.FromSamples(tensor(new[] { 3.0, 1.0, 2.0, 10.0 }));
        Assert.Equal(1.0, sampler.Quantile(0));
        Assert.Equal(2.5, sampler.Quantile(0.5));
        Assert.Equal(10.0, sampler.Quantile(1));
        Assert.Equal(new[] { 1.0, 10.0 }, sampler.Quantile(tensor(new[] { 0.0, 1.0 })).ToArray<double>());
        var big = InverseCdfSampler.FromSamples(rand(new long[] { 20000 }, generator: new Generator(4), dtype: ScalarType.Float64).log().neg());
        Assert.True(KolmogorovSmirnov(big.Sample(5000, new Generator(5)).ToArray<double>(), ExponentialCdf) < 0.03);
    }

    [Fact]
    public void GridSampler2D_DrawsTheMarginalThenTheConditional()
    {
        // p(x, y) on 2 x 3 cells of size 1 x 1: column x in [0, 1) has mass 0.25 all in y in [2, 3); column [1, 2) has 0.75 spread 1:2 over y in [0, 2).
        var density = tensor(new[] { 0.0, 0.0, 0.25, 0.25, 0.5, 0.0 }, [2, 3]);
        var sampler = new GridSampler2D(density, [0, 1, 2], [0, 1, 2, 3]);
        var s = sampler.Sample(20000, new Generator(6)).ToArray<double>();
        int left = 0, bottom = 0;
        for (int i = 0; i < 20000; i++)
        {
            double x = s[2 * i], y = s[2 * i + 1];
            if (x < 1)
            {
                left++;
                Assert.InRange(y, 2, 3);
            }
            else
            {
                Assert.InRange(y, 0, 2);
                if (y < 1) bottom++;
            }
        }
        Assert.InRange(left / 20000.0, 0.24, 0.26);
        Assert.InRange(bottom / (double)(20000 - left), 0.32, 0.35);
    }

    [Fact]
    public void BadInput_ThrowsNamingTheArgumentAndValue()
    {
        Assert.Contains("x[2]", Assert.Throws<ArgumentException>(() => InverseCdfSampler.FromTable([0, 1, 1], [0, 0.5, 1])).Message);
        Assert.Contains("cdf[2]", Assert.Throws<ArgumentException>(() => InverseCdfSampler.FromTable([0, 1, 2], [0, 0.6, 0.5])).Message);
        Assert.Contains("1.5", Assert.Throws<ArgumentException>(() => InverseCdfSampler.FromSamples(tensor(new[] { 1.0 })).Quantile(1.5)).Message);
        Assert.Contains("lower (2)", Assert.Throws<ArgumentException>(() => InverseCdfSampler.FromCdf(ExponentialCdf, 2, 1)).Message);
        Assert.Contains("[2, 3]", Assert.Throws<ArgumentException>(() => new GridSampler2D(zeros(3, 3), [0, 1, 2], [0, 1, 2, 3])).Message);
    }

    sealed class Close(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Abs(b));
        public int GetHashCode(double x) => 0;
    }
}
