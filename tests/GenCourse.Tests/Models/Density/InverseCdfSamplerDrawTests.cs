using GenCourse;
using GenCourse.Models.Density;
using static GenCourse.torch;

namespace GenCourse.Tests.Models.Density;

/// <summary>
/// Inversion sampling against closed-form quantiles and the generator's uniforms: the analytic inverse with and without
/// the density (Newton or bisection) on a CDF unbounded on both sides, the piecewise-linear inverse of a table, and the
/// grid sampler's marginal-then-conditional draws.
/// </summary>
public class InverseCdfSamplerDrawTests
{
    static double Logistic(double x) => 1 / (1 + Math.Exp(-x));

    static double[] Uniforms(ulong seed) => rand([1024], float64, generator: new Generator(seed)).ToDoubles();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AnalyticCdf_UnboundedOnBothSides_InvertsToTheClosedFormQuantile(bool withDensity)
    {
        var sampler = InverseCdfSampler.FromCdf(Logistic, double.NegativeInfinity, double.PositiveInfinity,
            withDensity ? x => Logistic(x) * (1 - Logistic(x)) : null);
        foreach (var u in new[] { 1e-6, 0.03, 0.3, 0.5, 0.77, 0.999999 })
            Assert.Equal(Math.Log(u / (1 - u)), sampler.Quantile(u), 8);
        var samples = sampler.Sample(20, new Generator(90)).ToDoubles();
        var uniforms = Uniforms(90);
        for (int i = 0; i < 20; i++) Assert.Equal(Math.Log(uniforms[i] / (1 - uniforms[i])), samples[i], 8);
    }

    [Fact]
    public void AnalyticCdf_OnAFiniteInterval_StaysInsideIt()
    {
        // F(x) = x^2 on [0, 1]: Q(u) = sqrt(u); on [2, 3]: shifted; bracket ends that are finite are never moved.
        var square = InverseCdfSampler.FromCdf(x => x * x, 0, 1, x => 2 * x, tolerance: 1e-13);
        Assert.Equal(Math.Sqrt(0.2), square.Quantile(0.2), 11);
        Assert.Equal(1, square.Quantile(1), 11);
        var shifted = InverseCdfSampler.FromCdf(x => Math.Clamp(x - 2, 0, 1), 2, 3);
        Assert.Equal(2.25, shifted.Quantile(0.25), 10);
        var below = InverseCdfSampler.FromCdf(x => Math.Exp(Math.Min(x, 0)), double.NegativeInfinity, 0);   // F(x) = e^x on (-inf, 0]
        Assert.Equal(Math.Log(0.01), below.Quantile(0.01), 9);
        Assert.Equal(new long[] { 2, 2 }, square.Quantile(tensor(new[] { 0.0, 0.25, 0.5, 1.0 }, [2, 2])).shape);
        Assert.Equal(new[] { 0, 0.5, Math.Sqrt(0.5), 1 }, square.Quantile(tensor(new[] { 0.0, 0.25, 0.5, 1.0 }, [2, 2])).ToDoubles(), new GenCourse.Tests.Models.Tolerance(1e-11));
    }

    [Fact]
    public void Table_InvertsPiecewiseLinearly_AndAFlatStretchReturnsItsLeftEnd()
    {
        var table = InverseCdfSampler.FromTable([0, 1, 2, 3], [0, 0.5, 0.5, 1]);
        Assert.Equal(0.5, table.Quantile(0.25), 14);
        Assert.Equal(1, table.Quantile(0.5), 14);
        Assert.Equal(2.5, table.Quantile(0.75), 14);
        Assert.Equal(3, table.Quantile(1), 14);
        Assert.Equal(0, table.Quantile(0), 14);
        var samples = table.Sample(30, new Generator(91)).ToDoubles();
        var u = Uniforms(91);
        for (int i = 0; i < 30; i++) Assert.Equal(u[i] < 0.5 ? 2 * u[i] : 2 + 2 * (u[i] - 0.5), samples[i], 12);
        var empirical = InverseCdfSampler.FromSamples(tensor(new[] { 4.0, 0.0, 2.0 }));
        var drawn = empirical.Sample(30, new Generator(92)).ToDoubles();
        var v = Uniforms(92);
        for (int i = 0; i < 30; i++) Assert.Equal(4 * v[i], drawn[i], 12);   // order statistics 0, 2, 4 at positions 0, 1, 2
        Assert.Equal(7.0, InverseCdfSampler.FromSamples(tensor(new[] { 7.0 })).Quantile(0.6));
    }

    [Fact]
    public void GridSampler2D_DrawsXFromTheMarginalThenYFromItsColumn()
    {
        // Column x in [0, 1): mass 0.25 on y in [2, 3); column [1, 2): 0.75 split 1:2 over y in [0, 1) and [1, 2).
        var density = tensor(new[] { 0.0, 0.0, 0.25, 0.25, 0.5, 0.0 }, [2, 3]);
        var samples = new GridSampler2D(density, [0, 1, 2], [0, 1, 2, 3]).Sample(200, new Generator(93)).ToDoubles();
        var u = Uniforms(93);
        for (int i = 0; i < 200; i++)
        {
            double a = u[2 * i], b = u[2 * i + 1];
            double x = a < 0.25 ? a / 0.25 : 1 + (a - 0.25) / 0.75;
            double y = x < 1 ? 2 + b : b < 1.0 / 3 ? 3 * b : 1 + (b - 1.0 / 3) * 1.5;
            Assert.Equal(x, samples[2 * i], 12);
            Assert.Equal(y, samples[2 * i + 1], 12);
        }
        // Unnormalised densities and unequal cells: column masses 2 * 1 and 1 * 3, so x < 1 with probability 2/5.
        var uneven = new GridSampler2D(tensor(new[] { 2.0, 1.0 }, [2, 1]), [0, 1, 4], [0, 1]).Sample(10, new Generator(94)).ToDoubles();
        var w = Uniforms(94);
        for (int i = 0; i < 10; i++)
            Assert.Equal(w[2 * i] < 0.4 ? w[2 * i] / 0.4 : 1 + 3 * (w[2 * i] - 0.4) / 0.6, uneven[2 * i], 12);
    }

    [Fact]
    public void BadArguments_AreNamed()
    {
        Assert.Contains("tolerance must be > 0, got 0", Assert.Throws<ArgumentException>(() => InverseCdfSampler.FromCdf(Logistic, 0, 1, tolerance: 0)).Message);
        Assert.Contains("same length >= 2, got 2 and 3", Assert.Throws<ArgumentException>(() => InverseCdfSampler.FromTable([0, 1], [0, 0.5, 1])).Message);
        Assert.Contains("got 1 and 1", Assert.Throws<ArgumentException>(() => InverseCdfSampler.FromTable([0], [1])).Message);
        Assert.Contains("from 0 to 1, got 0.1 .. 1", Assert.Throws<ArgumentException>(() => InverseCdfSampler.FromTable([0, 1], [0.1, 1])).Message);
        Assert.Contains("from 0 to 1, got 0 .. 0.9", Assert.Throws<ArgumentException>(() => InverseCdfSampler.FromTable([0, 1], [0, 0.9])).Message);
        var sampler = InverseCdfSampler.FromTable([0, 1], [0, 1]);
        Assert.Contains("got -0.1", Assert.Throws<ArgumentException>(() => sampler.Quantile(-0.1)).Message);
        Assert.Throws<ArgumentException>(() => sampler.Quantile(double.NaN));
        Assert.Contains("n must be >= 0, got -2", Assert.Throws<ArgumentException>(() => sampler.Sample(-2)).Message);
        Assert.Contains("finite and >= 0", Assert.Throws<ArgumentException>(() => new GridSampler2D(tensor(new[] { 1.0, -1.0 }, [2, 1]), [0, 1, 2], [0, 1])).Message);
        Assert.Contains("finite and >= 0", Assert.Throws<ArgumentException>(() => new GridSampler2D(tensor(new[] { 1.0, double.PositiveInfinity }, [2, 1]), [0, 1, 2], [0, 1])).Message);
        Assert.Contains("zero on every cell", Assert.Throws<ArgumentException>(() => new GridSampler2D(zeros([2, 1], float64), [0, 1, 2], [0, 1])).Message);
        Assert.Contains("n must be >= 0", Assert.Throws<ArgumentException>(() => new GridSampler2D(ones([1, 1], float64), [0, 1], [0, 1]).Sample(-1)).Message);
    }
}
