using GenCourse;
using GenCourse.Models.Gan;
using static GenCourse.torch;
using static GenCourse.Tests.Models.GanLossTermTests;

namespace GenCourse.Tests.Models;

/// <summary>
/// Every argument check of Models/Gan at its boundary (the smallest value accepted, the next one refused) and every
/// error message naming the argument and the bad value.
/// </summary>
public class GanBadInputTests
{
    static string Refused(Action action, params string[] parts)
    {
        var e = Assert.Throws<ArgumentException>(action);
        foreach (var part in parts) Assert.Contains(part, e.Message);
        return e.Message;
    }

    [Fact]
    public void Gan_RefusesBadOptions_AtTheirBoundaries()
    {
        var (g, d, _, _) = Setup();
        _ = new Gan(Mlp.Generator(1, [4], 2), d, new GanOptions { LatentDim = 1 });
        Refused(() => new Gan(g, d, new GanOptions { LatentDim = 0 }), "LatentDim", "got 0");
        _ = new Gan(g, d, new GanOptions { FeatureMatchingLayer = 1 });
        Refused(() => new Gan(g, d, new GanOptions { FeatureMatchingLayer = 2 }), "FeatureMatchingLayer", "[0, 2)", "got 2");
        Refused(() => new Gan(g, d, new GanOptions { FeatureMatchingLayer = -1 }), "FeatureMatchingLayer", "got -1");
        _ = new Gan(g, d, new GanOptions { UnrolledSteps = 0 });
        Refused(() => new Gan(g, d, new GanOptions { UnrolledSteps = -1 }), "UnrolledSteps", "got -1");
    }

    [Fact]
    public void RestrictThenRelax_AcceptsZeroAndPositiveCounts_AndNamesTheNegativeOne()
    {
        var schedule = GanOptions.RestrictThenRelax(0, 2, 0);
        Assert.Equal(0, schedule(0));
        Assert.Equal(2, GanOptions.RestrictThenRelax(1, 2, 0)(0));
        Refused(() => GanOptions.RestrictThenRelax(-1, 0, 0), "untilStep -1");
        Refused(() => GanOptions.RestrictThenRelax(0, -2, 0), "early -2");
        Refused(() => GanOptions.RestrictThenRelax(0, 0, -3), "late -3");
    }

    [Fact]
    public void Mlp_RefusesEachZeroWidth_AndBadWeights()
    {
        _ = new Mlp(1, [1], 1);
        Refused(() => new Mlp(0, [2], 1), "input 0");
        Refused(() => new Mlp(2, [2], 0), "output 0");
        Refused(() => new Mlp(2, [2, 0], 1), "hidden [2, 0]");
        Refused(() => new Mlp(2, [0, 2], 1), "hidden [0, 2]");
        var mlp = new Mlp(2, [3], 1);                                  // float32, 4 weight tensors
        var e = Assert.Throws<ArgumentException>(() => mlp.Forward(zeros([1, 2]), mlp.Weights.Take(3).ToArray()));
        Assert.Contains("expected 4 weight tensors", e.Message);
        Assert.Contains("got 3", e.Message);
        Assert.Equal("weights", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => mlp.forward(zeros([1, 2], float64)));
        Assert.Contains("Float64", e.Message);
        Assert.Contains("Float32", e.Message);
        Assert.Equal("x", e.ParamName);
    }

    [Fact]
    public void ModeCoverage_RefusesBadArguments_AtTheirBoundaries()
    {
        var samples = zeros([4, 2], float64);
        var centres = zeros([1, 2], float64);
        Refused(() => ModeCoverage.Evaluate(samples, zeros([0, 2], float64), 1), "centres", "[0, 2]");
        Refused(() => ModeCoverage.Evaluate(samples, zeros([2], float64), 1), "centres", "[2]");
        Refused(() => ModeCoverage.Evaluate(samples, centres, 1, radiusInStds: 0), "radiusInStds", "got 1 and 0");
        Refused(() => ModeCoverage.Evaluate(samples, centres, -1), "std", "got -1 and 3");
        Assert.Equal(1, ModeCoverage.Evaluate(samples, centres, 1, minFraction: 0).ModesCovered);
        Assert.Equal(1, ModeCoverage.Evaluate(samples, centres, 1, minFraction: 1).ModesCovered);
        Refused(() => ModeCoverage.Evaluate(samples, centres, 1, minFraction: 1.5), "minFraction", "got 1.5");
        Assert.Equal([1.0, 0], ModeCoverage.RingCentres(1, 1).ToDoubles());
        Refused(() => ModeCoverage.RingCentres(0, 1), "k must be >= 1", "got 0");
        Assert.Equal([0.0, 0], ModeCoverage.GridCentres(1, 1).ToDoubles());
        Refused(() => ModeCoverage.GridCentres(0, 1), "side must be >= 1", "got 0");
    }

    [Fact]
    public void OtherChecks_NameTheArgumentAndTheBadValue()
    {
        Func<Tensor, Tensor> logP = x => -x.square(), logQ = x => -x.abs();
        var e = Assert.Throws<ArgumentException>(() => OptimalDiscriminator.ValueOnGrid(logP, logQ, zeros([3], float64), 0));
        Assert.Contains("cellVolume must be a finite number > 0, got 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => new HistoricalAverage([]));
        Assert.Contains("no parameters", e.Message);
        Assert.Equal("parameters", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => GanLoss.Generator(zeros([2]), (GeneratorObjective)7));
        Assert.Contains("unknown objective 7", e.Message);
        Assert.Equal("objective", e.ParamName);
    }
}
