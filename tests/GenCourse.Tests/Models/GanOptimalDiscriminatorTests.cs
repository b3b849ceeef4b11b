using GenCourse;
using GenCourse.Metrics;
using GenCourse.Models.Gan;
using static GenCourse.torch;

namespace GenCourse.Tests.Models;

/// <summary>D*(x) = p / (p + q) and V(G, D*) = 2 JS(P, Q) - log 4 on Gaussians, against closed forms and GridDivergence.</summary>
public class GanOptimalDiscriminatorTests
{
    static Func<Tensor, Tensor> LogNormal(double mean, double std) =>
        x => (-0.5 * ((x - mean) / std).square() - Math.Log(std * Math.Sqrt(2 * Math.PI))).sum(dim: 1);

    static double Normal(double x, double mean, double std) => Math.Exp(-0.5 * Math.Pow((x - mean) / std, 2)) / (std * Math.Sqrt(2 * Math.PI));

    [Fact]
    public void OptimalDiscriminator_IsPOverPPlusQ()
    {
        var x = tensor(new[] { -3.0, -0.5, 0, 0.7, 2, 6 }, [6, 1]);
        var d = OptimalDiscriminator.Evaluate(LogNormal(1, 0.8), LogNormal(-0.5, 1.5), x).ToDoubles();
        foreach (var (v, i) in x.ToDoubles().Select((v, i) => (v, i)))
            Assert.Equal(Normal(v, 1, 0.8) / (Normal(v, 1, 0.8) + Normal(v, -0.5, 1.5)), d[i], 12);
        Assert.Contains("log q", Assert.Throws<ArgumentException>(() =>
            OptimalDiscriminator.Evaluate(LogNormal(0, 1), t => t.sum(), x)).Message);
    }

    [Theory]
    [InlineData(1.0, 0.8, -0.5, 1.5)]
    [InlineData(0.0, 1.0, 0.0, 1.0)]
    [InlineData(-4.0, 0.5, 4.0, 0.5)]
    public void ValueAtTheOptimalDiscriminator_IsTwiceJsMinusLog4(double mp, double sp, double mq, double sq)
    {
        var grid = linspace(-15, 15, 30001, float64).unsqueeze(1);
        double cell = 30.0 / 30000;
        var (logP, logQ) = (LogNormal(mp, sp), LogNormal(mq, sq));
        double js = GridDivergence.JensenShannon(logP(grid), logQ(grid), cell).ToDouble();
        Assert.Equal(2 * js - Math.Log(4), OptimalDiscriminator.ValueOnGrid(logP, logQ, grid, cell).ToDouble(), 8);
        if (mp == mq && sp == sq) Assert.Equal(-Math.Log(4), OptimalDiscriminator.ValueOnGrid(logP, logQ, grid, cell).ToDouble(), 8);
        Assert.Throws<ArgumentException>(() => OptimalDiscriminator.ValueOnGrid(logP, logQ, grid, 0));
    }

    /// <summary>The Monte-Carlo value from 100,000 samples of each: within 5 standard errors of 2 JS - log 4.</summary>
    [Fact]
    public void MonteCarloValue_AgreesWithTheGridWithinFiveStandardErrors()
    {
        var (logP, logQ) = (LogNormal(1, 0.8), LogNormal(-0.5, 1.5));
        var g = new Generator(12);
        var fromP = randn([100000, 1], float64, generator: g) * 0.8 + 1;
        var fromQ = randn([100000, 1], float64, generator: g) * 1.5 - 0.5;
        double value = OptimalDiscriminator.Value(logP, logQ, fromP, fromQ).ToDouble();
        var termsP = OptimalDiscriminator.Evaluate(logP, logQ, fromP).log().ToDoubles();
        var termsQ = (1 - OptimalDiscriminator.Evaluate(logP, logQ, fromQ)).log().ToDoubles();
        Assert.Equal(termsP.Average() + termsQ.Average(), value, 10);
        double se = Math.Sqrt(Variance(termsP) / termsP.Length + Variance(termsQ) / termsQ.Length);
        var grid = linspace(-15, 15, 30001, float64).unsqueeze(1);
        double expected = 2 * GridDivergence.JensenShannon(logP(grid), logQ(grid), 30.0 / 30000).ToDouble() - Math.Log(4);
        Assert.True(Math.Abs(value - expected) < 5 * se, $"V = {value}, 2 JS - log 4 = {expected}, standard error {se}");
    }

    internal static double Variance(double[] v)
    {
        double mean = v.Average();
        return v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1);
    }
}
