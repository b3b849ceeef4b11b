using GenCourse;
using GenCourse.Metrics;
using GenCourse.Tests.Tensors;
using static GenCourse.torch;

namespace GenCourse.Tests.Metrics;

public class MmdTests
{
    [Fact]
    public void Squared_MatchesTheDefinitionOnATinyExample()
    {
        var x = tensor(new[] { 0.0, 1.0, 3.0 });
        var y = tensor(new[] { 0.5, 2.0 });
        double K(double a, double b) => Math.Exp(-(a - b) * (a - b) / 2) + Math.Exp(-(a - b) * (a - b) / 8);
        double[] xs = [0, 1, 3], ys = [0.5, 2];
        double xx = xs.Sum(a => xs.Sum(b => K(a, b))), yy = ys.Sum(a => ys.Sum(b => K(a, b))), xy = xs.Sum(a => ys.Sum(b => K(a, b)));
        double[] bandwidths = [1.0, 2.0];
        Assert.Equal(xx / 9 + yy / 4 - 2 * xy / 6, Mmd.Squared(x, y, bandwidths, unbiased: false).item<double>(), 12);
        Assert.Equal((xx - 3 * 2) / 6 + (yy - 2 * 2) / 2 - 2 * xy / 6, Mmd.Squared(x, y, bandwidths).item<double>(), 12);
        Assert.Equal(Mmd.Squared(x, y, bandwidths).item<double>(), Mmd.PermutationTest(x, y, bandwidths, permutations: 5, generator: new Generator(0)).Statistic, 12);
    }

    [Fact]
    public void Unbiased_HasMeanZeroForTheSameDistribution_BiasedIsPositive()
    {
        var g = new Generator(1);
        var unbiased = new List<double>();
        var biased = new List<double>();
        for (int r = 0; r < 300; r++)
        {
            var x = randn(new long[] { 40, 2 }, generator: g, dtype: ScalarType.Float64);
            var y = randn(new long[] { 40, 2 }, generator: g, dtype: ScalarType.Float64);
            unbiased.Add(Mmd.Squared(x, y, [1.0]).item<double>());
            biased.Add(Mmd.Squared(x, y, [1.0], unbiased: false).item<double>());
        }
        double mean = unbiased.Average(), se = Math.Sqrt(unbiased.Sum(v => (v - mean) * (v - mean)) / (299.0 * 300));
        Assert.True(Math.Abs(mean) < 3 * se, $"mean {mean} with standard error {se}");
        Assert.True(biased.Average() > 10 * se);
    }

    [Fact]
    public void PermutationTest_RejectsShiftedSamples_AndNotIdenticalDistributions()
    {
        var g = new Generator(2);
        var x = randn(new long[] { 150, 2 }, generator: g, dtype: ScalarType.Float64);
        var shifted = randn(new long[] { 150, 2 }, generator: g, dtype: ScalarType.Float64) + tensor(new[] { 0.6, 0.0 });
        var same = randn(new long[] { 150, 2 }, generator: g, dtype: ScalarType.Float64);
        var reject = Mmd.PermutationTest(x, shifted, permutations: 300, generator: new Generator(3));
        var keep = Mmd.PermutationTest(x, same, permutations: 300, generator: new Generator(4));
        Assert.True(reject.PValue < 0.01, $"shifted: p = {reject.PValue}");
        Assert.True(keep.PValue > 0.05, $"same: p = {keep.PValue}");
        Assert.Equal(300, keep.NullStatistics.Length);
        Assert.Equal(reject.PValue, Mmd.PermutationTest(x, shifted, permutations: 300, generator: new Generator(3)).PValue);
    }

    [Fact]
    public void MedianHeuristic_IsTheMedianPairwiseDistance()
    {
        Assert.Equal(2.0, Mmd.MedianHeuristic(tensor(new[] { 0.0, 1.0 }), tensor(new[] { 3.0 })));
    }

    [Fact]
    public void Squared_IsDifferentiable()
    {
        var y = randn(new long[] { 4, 2 }, generator: new Generator(5), dtype: ScalarType.Float64);
        var x = randn(new long[] { 3, 2 }, generator: new Generator(6), dtype: ScalarType.Float64).requires_grad_();
        GradCheck.Check(inputs => Mmd.Squared(inputs[0], y, [0.7, 1.5]), [x]);
    }

    [Fact]
    public void BadInput_ThrowsNamingTheArgumentAndValue()
    {
        Assert.Contains("[1, 0]", Assert.Throws<ArgumentException>(() => Mmd.KernelMatrix(zeros(2, 2), zeros(2, 2), [1.0, 0.0])).Message);
        Assert.Contains("d = 3", Assert.Throws<ArgumentException>(() => Mmd.PermutationTest(zeros(4, 2), zeros(4, 3), [1.0])).Message);
        Assert.Contains("n = 1", Assert.Throws<ArgumentException>(() => Mmd.Squared(zeros(1, 2), zeros(4, 2), [1.0])).Message);
    }
}
