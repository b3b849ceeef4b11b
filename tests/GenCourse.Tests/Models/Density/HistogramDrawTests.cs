using GenCourse;
using GenCourse.Models.Density;
using static GenCourse.torch;

namespace GenCourse.Tests.Models.Density;

/// <summary>
/// Histogram sampling against the generator's uniforms (a bin by inverting the cumulative counts, then a uniform point
/// inside it), its fitted state, and its argument checks.
/// </summary>
public class HistogramDrawTests
{
    static double[] Uniforms(ulong seed) => rand([1024], float64, generator: new Generator(seed)).ToDoubles();

    /// <summary>The first bin whose cumulative count exceeds target (an exact hit belongs to the next non-empty bin).</summary>
    static int Bin(double[] counts, double target)
    {
        double cumulative = 0;
        for (int c = 0; c < counts.Length; c++)
            if ((cumulative += counts[c]) > target && counts[c] > 0) return c;
        return counts.Length - 1;
    }

    [Fact]
    public void Sample1D_InvertsTheCumulativeCounts_ThenDrawsUniformlyInsideTheBin()
    {
        var h = new Histogram(4).Fit(tensor(new[] { 0.0, 1.0, 1.0, 2.0, 3.0, 4.0 }));
        var counts = h.Counts.ToDoubles();
        var samples = h.Sample(200, new Generator(80));
        Assert.Equal(new long[] { 200 }, samples.shape);
        var u = Uniforms(80);
        var s = samples.ToDoubles();
        for (int i = 0; i < 200; i++)
        {
            int bin = Bin(counts, u[2 * i] * 6);
            Assert.Equal(bin + u[2 * i + 1], s[i], 12);   // bins of width 1 starting at 0
        }
    }

    [Fact]
    public void Sample2D_DrawsTheCellRowMajor_ThenEachCoordinateInsideIt()
    {
        var x = tensor(new[] { 0.1, 0.1, 0.9, 0.2, 0.6, 0.8, 0.95, 0.95, 0.2, 0.7 }, [5, 2]);
        var h = new Histogram([2, 3], range: [0, 1, 0, 1.5]).Fit(x);
        Assert.Equal(new[] { 2, 3 }, h.BinCounts);
        Assert.Equal(2, h.Dimension);
        Assert.Null(h.Rule);
        var counts = h.Counts.ToDoubles();
        Assert.Equal(new double[] { 1, 1, 0, 1, 2, 0 }, counts);   // rows: x in [0, .5), [.5, 1]; columns: y in [0, .5), [.5, 1), [1, 1.5]
        Assert.Equal(new[] { 0, 0.5, 1 }, h.Edges[0].ToDoubles());
        Assert.Equal(new[] { 0, 0.5, 1, 1.5 }, h.Edges[1].ToDoubles());
        Assert.Equal(counts.Select(c => c / (5 * 0.5 * 0.5)).ToArray(), h.Density.ToDoubles(), new GenCourse.Tests.Models.Tolerance(1e-14));
        var samples = h.Sample(100, new Generator(81));
        Assert.Equal(new long[] { 100, 2 }, samples.shape);
        var u = Uniforms(81);
        var s = samples.ToDoubles();
        for (int i = 0; i < 100; i++)
        {
            int cell = Bin(counts, u[3 * i] * 5);
            Assert.Equal(0.5 * (cell / 3) + 0.5 * u[3 * i + 1], s[2 * i], 12);
            Assert.Equal(0.5 * (cell % 3) + 0.5 * u[3 * i + 2], s[2 * i + 1], 12);
        }
    }

    [Fact]
    public void Cells_AreHalfOpen_PointsOutsideTheRangeAreIgnored_AndAnEmptyRangeIsWidenedByAHalf()
    {
        var h = new Histogram(2, range: [0, 2]).Fit(tensor(new[] { -1.0, 0.0, 0.999, 1.0, 2.0, 2.5 }));
        Assert.Equal(new double[] { 2, 2 }, h.Counts.ToDoubles());
        Assert.Equal(new[] { Math.Log(0.5), Math.Log(0.5), double.NegativeInfinity, double.NegativeInfinity },
            h.ScoreSamples(tensor(new[] { 0.0, 2.0, -0.01, 2.01 })).ToDoubles());
        var flat = new Histogram(1).Fit(tensor(new[] { 3.0, 3.0 }));
        Assert.Equal(new[] { 2.5, 3.5 }, flat.Edges[0].ToDoubles());
        Assert.Equal(new[] { 1.0 }, flat.Density.ToDoubles());
        var outside = new Histogram(2, range: [10, 11]).Fit(tensor(new[] { 0.0, 1.0 }));
        Assert.Equal(new double[] { 0, 0 }, outside.Density.ToDoubles());
        Assert.Contains("no point fell inside", Assert.Throws<InvalidOperationException>(() => outside.Sample(1)).Message);
    }

    [Fact]
    public void Rules_SetTheBinsPerAxis_FromTheirWidths()
    {
        var x = randn([500, 2], float64, generator: new Generator(82));
        var columns = Enumerable.Range(0, 2).Select(k => x.select(1, k).ToDoubles()).ToArray();
        foreach (var (rule, width) in new (string, Func<double[], double>)[]
                 { ("scott", c => BinRules.ScottWidth(c, 2)), ("fd", c => BinRules.FreedmanDiaconisWidth(c, 2)), ("sturges", BinRules.SturgesWidth) })
        {
            var h = new Histogram(rule).Fit(x);
            Assert.Equal(rule, h.Rule);
            Assert.Null(h.CrossValidation);
            Assert.Equal(columns.Select(c => BinRules.BinsFromWidth(c.Max() - c.Min(), width(c))).ToArray(), h.BinCounts);
        }
        Assert.Equal(1, BinRules.BinsFromWidth(5, 0));
        Assert.Equal(1, BinRules.BinsFromWidth(0, 0.5));
        Assert.Equal(3, BinRules.BinsFromWidth(2.5, 1));
        // Percentiles interpolate at q/100 (n - 1): 1..5 has quartiles 2 and 4, so FD width = 2 * 2 * 5^(-1/3).
        Assert.Equal(4 * Math.Pow(5, -1.0 / 3), BinRules.FreedmanDiaconisWidth([5, 3, 1, 4, 2]), 12);
        // 1..6: quartiles at positions 1.25 and 3.75, i.e. 2.25 and 4.75.
        Assert.Equal(2 * 2.5 * Math.Pow(6, -1.0 / 3), BinRules.FreedmanDiaconisWidth([1, 2, 3, 4, 5, 6]), 12);
        Assert.Equal(new[] { "sturges", "scott", "fd", "cv" }, BinRules.Names);
    }

    [Fact]
    public void CrossValidationRisk_In2D_UsesTheCellArea_AndTheGivenRange()
    {
        // 4 points in [0, 2]^2; m = 2 bins per axis: cells of area 1 holding 2, 1, 0, 1 points.
        var x = tensor(new[] { 0.2, 0.2, 0.4, 0.6, 0.5, 1.5, 1.5, 1.5 }, [4, 2]);
        var risk = BinRules.CrossValidationRisk(x, maxBins: 2, range: [0, 2, 0, 2]);
        double Expected(double h, double sumSquares) => 2 / (3 * h) - 5 / (3 * h) * sumSquares;
        Assert.Equal(Expected(4, 1), risk.Risk[0], 12);
        Assert.Equal(Expected(1, (4 + 1 + 0 + 1) / 16.0), risk.Risk[1], 12);
        Assert.Equal(risk.Risk[1] < risk.Risk[0] ? 2 : 1, risk.Best);
        Assert.Contains("range has 2 values but 2-D data needs 4",
            Assert.Throws<ArgumentException>(() => BinRules.CrossValidationRisk(x, 2, [0, 1])).Message);
        Assert.Contains("maxBins must be >= 1, got 0", Assert.Throws<ArgumentException>(() => BinRules.CrossValidationRisk(x, 0)).Message);
        Assert.Contains("d = 3", Assert.Throws<ArgumentException>(() => BinRules.CrossValidationRisk(zeros([4, 3], float64))).Message);
    }

    [Fact]
    public void BadArguments_AreNamed()
    {
        Assert.Contains("range has 2 values but 2-D data needs 4",
            Assert.Throws<ArgumentException>(() => new Histogram(3, range: [0, 1]).Fit(zeros([4, 2], float64))).Message);
        Assert.Contains("two bin counts were given for 1-D data",
            Assert.Throws<ArgumentException>(() => new Histogram([2, 3]).Fit(zeros([4], float64))).Message);
        Assert.Contains("maxBins must be >= 1, got 0", Assert.Throws<ArgumentException>(() => new Histogram("cv", maxBins: 0)).Message);
        Assert.Contains("sturges, scott, fd, cv", Assert.Throws<ArgumentException>(() => new Histogram("x")).Message);
        Assert.Contains("[1, 2, 3]", Assert.Throws<ArgumentException>(() => new Histogram([1, 2, 3])).Message);
        Assert.Contains("[0, 1, 1, 1]", Assert.Throws<ArgumentException>(() => new Histogram(2, range: [0, 1, 1, 1])).Message);
        Assert.Contains("[0, 1, 2]", Assert.Throws<ArgumentException>(() => new Histogram(2, range: [0, 1, 2])).Message);
        Assert.Contains("n must be >= 0, got -1", Assert.Throws<ArgumentException>(() => new Histogram(2).Fit(tensor(new[] { 0.0, 1 })).Sample(-1)).Message);
        Assert.Contains("call Fit", Assert.Throws<InvalidOperationException>(() => new Histogram(2).Dimension).Message);
        Assert.Equal(1, new Histogram(1, range: [0, 1, 0, 1]).Fit(tensor(new[] { 0.5, 0.5 }, [1, 2])).Counts.ToDoubles().Single());
    }
}
