using GenCourse;
using GenCourse.Models.Density;
using static GenCourse.torch;

namespace GenCourse.Tests.Models.Density;

public class KnnDensityTests
{
    [Fact]
    public void UniformCube_MeanLogDensity_IsTheClosedForm()
    {
        // Uniform density 1 on [0, 1]^3: n V r_k^d ~ Gamma(k, 1), so E[log(k / (n V r_k^d))] = log k - digamma(k).
        const int k = 10;
        var train = rand(new long[] { 20000, 3 }, generator: new Generator(1), dtype: ScalarType.Float64);
        var query = rand(new long[] { 2000, 3 }, generator: new Generator(2), dtype: ScalarType.Float64) * 0.5 + 0.25;
        var logp = new KnnDensity(k).Fit(train).ScoreSamples(query).ToArray<double>();
        double digamma10 = -0.5772156649015329 + Enumerable.Range(1, k - 1).Sum(j => 1.0 / j);
        Assert.Equal(Math.Log(k) - digamma10, logp.Average(), 1);
        Assert.InRange(logp.Average(), Math.Log(k) - digamma10 - 0.03, Math.Log(k) - digamma10 + 0.03);
    }

    [Fact]
    public void KthNeighborDistance_MatchesBruteForce()
    {
        var train = randn(new long[] { 301, 5 }, generator: new Generator(3), dtype: ScalarType.Float64);
        var query = randn(new long[] { 17, 5 }, generator: new Generator(4), dtype: ScalarType.Float64);
        var knn = new KnnDensity(7).Fit(train);
        var distances = knn.KthNeighborDistance(query).ToArray<double>();
        for (int q = 0; q < 17; q++)
        {
            var all = (train - query[q]).square().sum(1).sqrt().ToArray<double>().OrderBy(v => v).ToArray();
            Assert.Equal(all[6], distances[q], 12);
        }
        double volume5 = 8 * Math.PI * Math.PI / 15;
        Assert.Equal(Math.Log(7.0 / (301 * volume5 * Math.Pow(distances[0], 5))), knn.ScoreSamples(query)[0].item<double>(), 10);
    }

    [Fact]
    public void OneDimensionalInput_UsesTheIntervalLength()
    {
        var knn = new KnnDensity(1).Fit(tensor(new[] { 0.0, 10.0 }));
        Assert.Equal(Math.Log(1.0 / (2 * 2 * 1.0)), knn.ScoreSamples(tensor(new[] { 1.0 })).item<double>(), 12);
    }

    [Fact]
    public void BadInput_ThrowsNamingTheArgumentAndValue()
    {
        Assert.Equal("k", Assert.Throws<ArgumentException>(() => new KnnDensity(0)).ParamName);
        Assert.Contains("n = 3", Assert.Throws<ArgumentException>(() => new KnnDensity(5).Fit(zeros(3, 2))).Message);
        Assert.Contains("d = 1", Assert.Throws<ArgumentException>(() => new KnnDensity(1).Fit(zeros(3, 2)).ScoreSamples(zeros(4))).Message);
    }
}
