using GenCourse;
using GenCourse.Models.Density;
using static GenCourse.torch;

namespace GenCourse.Tests.Models.Density;

public class NeuralCdfTests
{
    [Fact]
    public void LearnsTheCdfAndDensityOfALogistic()
    {
        // Logistic(0, 1): F(x) = sigmoid(x), f(x) = F(x)(1 - F(x)); samples log(u / (1 - u)).
        var u = rand(new long[] { 4000 }, generator: new Generator(1), dtype: ScalarType.Float64);
        var x = (u / (1 - u)).log();
        var model = new NeuralCdf(hiddenSize: 16, steps: 800, generator: new Generator(2)).Fit(x);
        var grid = linspace(-5, 5, 101, ScalarType.Float64);
        var cdfError = (model.Cdf(grid) - grid.sigmoid()).abs().max().item<double>();
        // The sample itself is off by up to ~1.36 / sqrt(4000) = 0.02 (Kolmogorov-Smirnov), so the bounds are a little wider.
        Assert.True(cdfError < 0.04, $"max |H(x) - F(x)| = {cdfError}");
        var pdf = grid.sigmoid() * (1 - grid.sigmoid());
        var densityError = (model.Density(grid) - pdf).abs().max().item<double>();
        Assert.True(densityError < 0.04, $"max |dH/dx - f(x)| = {densityError}");
        var samples = model.Sample(2000, new Generator(3));
        var fraction = samples.lt(1.0).to(ScalarType.Float64).mean().item<double>();
        Assert.InRange(fraction, 0.731 - 0.04, 0.731 + 0.04);   // F(1) = 0.731
        Assert.True(model.LossHistory[^1] < model.LossHistory[0]);
    }

    [Fact]
    public void BadInput_ThrowsNamingTheArgumentAndValue()
    {
        Assert.Equal("batchSize", Assert.Throws<ArgumentException>(() => new NeuralCdf(batchSize: 1)).ParamName);
        Assert.Contains("d = 2", Assert.Throws<ArgumentException>(() => new NeuralCdf(steps: 1).Fit(zeros(10, 2))).Message);
        Assert.Throws<InvalidOperationException>(() => new NeuralCdf().Cdf(zeros(3)));
    }
}
