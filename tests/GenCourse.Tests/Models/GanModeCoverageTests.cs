using GenCourse;
using GenCourse.Models.Gan;
using static GenCourse.torch;

namespace GenCourse.Tests.Models;

public class GanModeCoverageTests
{
    [Fact]
    public void ModeCoverage_CountsModesWithAtLeastOnePercentWithinThreeSigma()
    {
        var centres = tensor(new[] { 0.0, 0, 10, 0, 0, 10 }, [3, 2]);
        // 100 samples, sigma 1: 97 at mode 0 (one of them exactly on the 3-sigma circle), 1 at mode 1 (1% counts), 0 at mode 2, 2 far away.
        var points = new List<double>();
        for (int i = 0; i < 96; i++) points.AddRange([0.01 * i, 0]);
        points.AddRange([3, 0]);
        points.AddRange([10, 2.9]);
        points.AddRange([5, 5, 0, 6.01]);
        var result = ModeCoverage.Evaluate(tensor(points.ToArray(), [100, 2]), centres, 1);
        Assert.Equal(2, result.ModesCovered);
        Assert.Equal(3, result.Modes);
        Assert.Equal([0.97, 0.01, 0], result.FractionPerMode);
        Assert.Equal(0.98, result.HighQualityFraction, 12);
        var strict = ModeCoverage.Evaluate(tensor(points.ToArray(), [100, 2]), centres, 1, minFraction: 0.02);
        Assert.Equal(1, strict.ModesCovered);
        var wide = ModeCoverage.Evaluate(tensor(points.ToArray(), [100, 2]), centres, 1, radiusInStds: 4.01);
        Assert.Equal(3, wide.ModesCovered);                             // (0, 6.01) is within 4.01 of (0, 10)
        Assert.Equal(0.99, wide.HighQualityFraction, 12);
    }

    [Fact]
    public void Centres_OfTheRingAndTheGrid()
    {
        var ring = ModeCoverage.RingCentres(8, 2).ToDoubles();
        for (int k = 0; k < 8; k++)
        {
            Assert.Equal(2 * Math.Cos(k * Math.PI / 4), ring[2 * k], 12);
            Assert.Equal(2 * Math.Sin(k * Math.PI / 4), ring[2 * k + 1], 12);
        }
        var grid = ModeCoverage.GridCentres(5, 2);
        Assert.Equal([25L, 2], grid.shape);
        Assert.Equal([-4.0, -4, -4, -2], grid.ToDoubles().Take(4));
        Assert.Equal([4.0, 4], grid.ToDoubles().TakeLast(2));
        Assert.Equal(0, grid.sum().ToDouble(), 12);
    }

    [Fact]
    public void ModeCoverage_OnTheEightGaussiansThemselves_CoversEveryModeWithAlmostAllSamplesHighQuality()
    {
        var (points, _) = GenCourse.Data.Toy.EightGaussians(2000, radius: 2, std: 0.02, generator: new Generator(3));
        var result = ModeCoverage.Evaluate(points, ModeCoverage.RingCentres(8, 2), 0.02);
        Assert.Equal(8, result.ModesCovered);
        // P(|N(0, I_2)| > 3) = exp(-4.5) = 1.1%: 2,000 samples give 98.9% +- 5 x 0.23%.
        Assert.InRange(result.HighQualityFraction, 0.989 - 0.0117, 0.989 + 0.0117);
    }

    [Fact]
    public void ModeCoverage_RejectsBadInput()
    {
        var centres = zeros([2, 2], float64);
        Assert.Contains("[4]", Assert.Throws<ArgumentException>(() => ModeCoverage.Evaluate(zeros([4], float64), centres, 1)).Message);
        Assert.Contains("[2, 3]", Assert.Throws<ArgumentException>(() => ModeCoverage.Evaluate(zeros([4, 2], float64), zeros([2, 3], float64), 1)).Message);
        Assert.Throws<ArgumentException>(() => ModeCoverage.Evaluate(zeros([4, 2], float64), centres, 0));
        Assert.Throws<ArgumentException>(() => ModeCoverage.Evaluate(zeros([4, 2], float64), centres, 1, minFraction: 2));
        Assert.Throws<ArgumentException>(() => ModeCoverage.RingCentres(0, 1));
        Assert.Throws<ArgumentException>(() => ModeCoverage.GridCentres(0, 1));
    }
}
