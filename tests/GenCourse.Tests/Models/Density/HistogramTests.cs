using GenCourse;
using GenCourse.Models.Density;
using static GenCourse.torch;

namespace GenCourse.Tests.Models.Density;

public class HistogramTests
{
    [Fact]
    public void BinRules_MatchNumPyHistogramBinEdges()
    {
        foreach (var c in SklearnFixture.Root.GetProperty("histogram").EnumerateArray())
        {
            var x = tensor(SklearnFixture.Doubles(c.GetProperty("x")));
            foreach (var rule in new[] { "sturges", "scott", "fd" })
                Assert.Equal(c.GetProperty("bins").GetProperty(rule).GetInt32(), new Histogram(rule).Fit(x).BinCounts[0]);
        }
    }

    [Fact]
    public void BinRules_FollowTheirFormulas()
    {
        var x = randn(new long[] { 1000 }, generator: new Generator(1), dtype: ScalarType.Float64).ToArray<double>();
        double range = x.Max() - x.Min(), sigma = Math.Sqrt(x.Select(v => v * v).Average() - Math.Pow(x.Average(), 2));
        Assert.Equal((int)Math.Ceiling(Math.Log2(1000) + 1), BinRules.BinsFromWidth(range, BinRules.SturgesWidth(x)));
        Assert.Equal(3.49 * sigma * Math.Pow(1000, -1.0 / 3), BinRules.ScottWidth(x), 2);
        var sorted = x.OrderBy(v => v).ToArray();
        double iqr = (sorted[749] + 0.25 * (sorted[750] - sorted[749])) - (sorted[249] + 0.75 * (sorted[250] - sorted[249]));
        Assert.Equal(2 * iqr / 10, BinRules.FreedmanDiaconisWidth(x), 12);
        Assert.Equal(3.5 * sigma * Math.Pow(1000, -0.25), BinRules.ScottWidth(x, dimension: 2), 9);
    }

    [Fact]
    public void CrossValidationRisk_IsWassermansFormula()
    {
        // Two bins on [0, 1]: counts 3 and 2 of n = 5, h = 0.5: J = 2/(4 * 0.5) - 6/(4 * 0.5) (0.6^2 + 0.4^2) = -0.56.
        var risk = BinRules.CrossValidationRisk(tensor(new[] { 0.0, 0.1, 0.2, 0.9, 1.0 }), maxBins: 3);
        Assert.Equal(new[] { 1, 2, 3 }, risk.BinCounts);
        Assert.Equal(-0.56, risk.Risk[1], 12);
        Assert.Equal(2 / 4.0 - 6 / 4.0, risk.Risk[0], 12);
        var normal = randn(new long[] { 2000 }, generator: new Generator(2), dtype: ScalarType.Float64);
        var h = new Histogram("cv", maxBins: 200).Fit(normal);
        Assert.InRange(h.BinCounts[0], 10, 60);
        Assert.Equal(h.CrossValidation!.Best, h.BinCounts[0]);
        Assert.Equal(h.CrossValidation.Risk.Min(), h.CrossValidation.Risk[h.BinCounts[0] - 1]);
    }

    [Fact]
    public void Density_IntegratesToOne_AndCountsFollowNumPysEdgeRules()
    {
        var h = new Histogram(4).Fit(tensor(new[] { 0.0, 1.0, 1.0, 2.0, 3.0, 4.0 }));
        Assert.Equal(new[] { 0.0, 1.0, 2.0, 3.0, 4.0 }, h.Edges[0].ToArray<double>());
        Assert.Equal(new[] { 1.0, 2.0, 1.0, 2.0 }, h.Counts.ToArray<double>());   // 4.0 falls in the last, closed bin
        Assert.Equal(1.0, h.Density.sum().item<double>() * 1.0, 12);
        Assert.Equal(Math.Log(2.0 / 6), h.ScoreSamples(tensor(new[] { 1.5 })).item<double>(), 12);
        Assert.True(double.IsNegativeInfinity(h.ScoreSamples(tensor(new[] { 4.5 })).item<double>()));
    }

    [Fact]
    public void TwoDimensional_DensityScoreAndSampleAgree()
    {
        var x = randn(new long[] { 5000, 2 }, generator: new Generator(3), dtype: ScalarType.Float64);
        var h = new Histogram([10, 8], range: [-3, 3, -2, 2]).Fit(x);
        Assert.Equal(new long[] { 10, 8 }, h.Density.shape);
        Assert.Equal(1.0, h.Density.sum().item<double>() * 0.6 * 0.5, 12);
        var samples = h.Sample(40000, new Generator(4));
        var refit = new Histogram([10, 8], range: [-3, 3, -2, 2]).Fit(samples);
        var expected = h.Counts / h.Counts.sum();
        var observed = refit.Counts / 40000.0;
        Assert.True((expected - observed).abs().max().item<double>() < 0.01);
        var logp = h.ScoreSamples(tensor(new[] { 0.05, 0.05 }, [1, 2])).item<double>();
        Assert.Equal(Math.Log(h.Density[5, 4].item<double>()), logp, 12);
    }

    [Fact]
    public void BadInput_ThrowsNamingTheArgumentAndValue()
    {
        Assert.Contains("\"square-root\"", Assert.Throws<ArgumentException>(() => new Histogram("square-root")).Message);
        Assert.Contains("[0]", Assert.Throws<ArgumentException>(() => new Histogram(0)).Message);
        Assert.Contains("d = 3", Assert.Throws<ArgumentException>(() => new Histogram(5).Fit(zeros(10, 3))).Message);
        Assert.Contains("n = 1", Assert.Throws<ArgumentException>(() => new Histogram("scott").Fit(zeros(1))).Message);
        Assert.Contains("[1, 0]", Assert.Throws<ArgumentException>(() => new Histogram(5, range: [1, 0])).Message);
    }
}
