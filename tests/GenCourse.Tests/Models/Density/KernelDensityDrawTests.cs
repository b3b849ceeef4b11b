using GenCourse;
using GenCourse.Models.Density;
using static GenCourse.torch;

namespace GenCourse.Tests.Models.Density;

/// <summary>
/// KernelDensity's sampling against the generator's uniforms and normals, its bandwidth rules and shuffled
/// cross-validation against their definitions, its fitted state and its argument checks.
/// </summary>
public class KernelDensityDrawTests
{
    static readonly double[] Train = [0.3, -1.2, 2.0, 0.9, -0.4, 1.6, -2.2];

    [Fact]
    public void GaussianSample_IsAUniformlyChosenPointPlusHTimesANormal()
    {
        var kde = new KernelDensity(0.4).Fit(tensor(Train));
        var samples = kde.Sample(60, new Generator(100)).ToDoubles();
        var g = new Generator(100);
        var u = rand([1024], float64, generator: g).ToDoubles();
        var z = randn([1024], float64, generator: g).ToDoubles();
        for (int i = 0; i < 60; i++)
            Assert.Equal(Train[Math.Min(Train.Length - 1, (int)(u[i] * Train.Length))] + 0.4 * z[i], samples[i], 12);
    }

    [Fact]
    public void TophatSample_IsAUniformPointInTheBallOfRadiusH()
    {
        var x = tensor(new[] { 0.0, 0.0, 1.0, 2.0, -1.0, 0.5 }, [3, 2]);
        var kde = new KernelDensity(0.3, "tophat").Fit(x);
        var samples = kde.Sample(40, new Generator(101)).ToDoubles();
        var g = new Generator(101);
        var u = rand([1024], float64, generator: g).ToDoubles();
        var z = randn([1024], float64, generator: g).ToDoubles();
        var rows = x.ToDoubles();
        for (int i = 0; i < 40; i++)
        {
            int row = Math.Min(2, (int)(u[2 * i] * 3));
            double norm = Math.Sqrt(z[2 * i] * z[2 * i] + z[2 * i + 1] * z[2 * i + 1]);
            double scale = 0.3 * Math.Sqrt(u[2 * i + 1]) / norm;   // radius h U^(1/d), d = 2
            Assert.Equal(rows[2 * row] + scale * z[2 * i], samples[2 * i], 12);
            Assert.Equal(rows[2 * row + 1] + scale * z[2 * i + 1], samples[2 * i + 1], 12);
        }
        Assert.Contains("\"epanechnikov\"", Assert.Throws<NotSupportedException>(() => new KernelDensity(1, "epanechnikov").Fit(x).Sample(1)).Message);
    }

    [Fact]
    public void BandwidthRules_AreScikitLearnsFactors_AndTheFittedStateIsExposed()
    {
        var x = randn([50, 3], float64, generator: new Generator(102));
        var scott = new KernelDensity("scott").Fit(x);
        Assert.Equal(Math.Pow(50, -1.0 / 7), scott.Bandwidth, 14);
        Assert.Equal(Math.Pow(50 * 5 / 4.0, -1.0 / 7), new KernelDensity("silverman", "linear").Fit(x).Bandwidth, 14);
        Assert.Equal("scott", scott.BandwidthRule);
        Assert.Equal("gaussian", scott.Kernel);
        Assert.Equal((50, 3), (scott.SampleCount, scott.Dimension));
        Assert.Equal(x.ToDoubles(), scott.TrainingData.ToDoubles());
        Assert.Equal(new long[] { 7 }, new KernelDensity(1.0).Fit(tensor(Train)).TrainingData.shape);
        Assert.Null(new KernelDensity(1.0).BandwidthRule);
        Assert.Contains("the silverman bandwidth is chosen by Fit", Assert.Throws<InvalidOperationException>(() => new KernelDensity("silverman").Bandwidth).Message);
        Assert.Contains("call Fit", Assert.Throws<InvalidOperationException>(() => new KernelDensity(1.0).SampleCount).Message);
        Assert.Equal(new[] { "gaussian", "tophat", "epanechnikov", "exponential", "linear", "cosine" }, KernelDensity.Kernels);
        // Score is the total log-likelihood.
        Assert.Equal(scott.ScoreSamples(x).ToDoubles().Sum(), scott.Score(x), 10);
    }

    [Fact]
    public void CrossValidation_WithAGenerator_IsContiguousFoldsOfTheShuffledPoints_AndFitKeepsTheBest()
    {
        var x = tensor(Train.Concat(Train.Select(v => v + 0.25)).ToArray());   // 14 points
        double[] grid = [0.1, 0.3, 0.8, 2.0];
        var shuffled = KernelDensity.CrossValidate(x, grid, folds: 4, generator: new Generator(103));
        var order = randperm(14, generator: new Generator(103)).data<long>().ToArray();
        var permuted = tensor(order.Select(i => x.ToDoubles()[i]).ToArray());
        var plain = KernelDensity.CrossValidate(permuted, grid, folds: 4);
        Assert.Equal(plain.MeanLogLikelihood, shuffled.MeanLogLikelihood);
        Assert.Equal(4, shuffled.Folds);
        Assert.Equal(grid, shuffled.Bandwidths);
        Assert.Equal(grid[Array.IndexOf(shuffled.MeanLogLikelihood, shuffled.MeanLogLikelihood.Max())], shuffled.Best);
        // Contiguous folds of 14 points into 4: sizes 4, 4, 3, 3; each held-out block scored by a KDE of the rest.
        var xs = x.ToDoubles();
        double expected = 0;
        for (int f = 0, start = 0; f < 4; f++)
        {
            int size = f < 2 ? 4 : 3;
            var heldOut = xs[start..(start + size)];
            var rest = xs[..start].Concat(xs[(start + size)..]).ToArray();
            expected += new KernelDensity(0.3).Fit(tensor(rest)).ScoreSamples(tensor(heldOut)).ToDoubles().Average() / 4;
            start += size;
        }
        Assert.Equal(expected, KernelDensity.CrossValidate(x, grid, folds: 4).MeanLogLikelihood[1], 12);
        var chosen = new KernelDensity(grid, folds: 4, generator: new Generator(103)).Fit(x);
        Assert.Equal(shuffled.Best, chosen.Bandwidth);
        Assert.Equal("cross-validation", chosen.BandwidthRule);
        Assert.Equal(shuffled.MeanLogLikelihood, chosen.CrossValidation!.MeanLogLikelihood);
    }

    [Fact]
    public void BadArguments_AreNamed()
    {
        var x = tensor(Train);
        foreach (var h in new[] { 0.0, -1, double.NaN, double.PositiveInfinity })
            Assert.Contains("bandwidth must be a finite number > 0", Assert.Throws<ArgumentException>(() => new KernelDensity(h)).Message);
        Assert.Contains("\"wide\"", Assert.Throws<ArgumentException>(() => new KernelDensity("wide")).Message);
        Assert.Contains("unknown kernel \"box\"", Assert.Throws<ArgumentException>(() => new KernelDensity(1.0, "box")).Message);
        Assert.Contains("bandwidthGrid is empty", Assert.Throws<ArgumentException>(() => new KernelDensity(Array.Empty<double>())).Message);
        Assert.Equal("bandwidthGrid", Assert.Throws<ArgumentException>(() => new KernelDensity([1.0, -1.0])).ParamName);
        Assert.Contains("folds must be >= 2, got 1", Assert.Throws<ArgumentException>(() => new KernelDensity([1.0], folds: 1)).Message);
        Assert.Contains("folds (8) cannot exceed the number of points (7)", Assert.Throws<ArgumentException>(() => KernelDensity.CrossValidate(x, [1.0], folds: 8)).Message);
        Assert.Contains("bandwidths is empty", Assert.Throws<ArgumentException>(() => KernelDensity.CrossValidate(x, [])).Message);
        Assert.Equal("bandwidths", Assert.Throws<ArgumentException>(() => KernelDensity.CrossValidate(x, [0.0])).ParamName);
        Assert.Contains("n must be >= 0, got -1", Assert.Throws<ArgumentException>(() => new KernelDensity(1.0).Fit(x).Sample(-1)).Message);
        Assert.Contains("needs at least 2 points", Assert.Throws<ArgumentException>(() => new KernelDensity([1.0, 2.0]).Fit(tensor(new[] { 1.0 }))).Message);
        _ = KernelDensity.CrossValidate(tensor(new[] { 1.0, 2.0 }), [1.0], folds: 2);   // the smallest valid split runs
    }
}
