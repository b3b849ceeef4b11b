using GenCourse.Data;
using static GenCourse.torch;

namespace GenCourse.Tests.Data;

public class TransformsTests
{
    static readonly Tensor Pixels = tensor(new float[] { 0, 1, 127, 128, 254, 255 });

    [Fact]
    public void UnitAndSymmetricRanges_MapEndpointsAndInvert()
    {
        var unit = Transforms.ToUnitRange(Pixels);
        Assert.Equal(new[] { 0f, 1f }, new[] { unit.min().item<float>(), unit.max().item<float>() });
        var symmetric = Transforms.ToSymmetricRange(unit);
        Assert.Equal(new[] { -1f, 1f }, new[] { symmetric.min().item<float>(), symmetric.max().item<float>() });
        Assert.True(allclose(Transforms.FromUnitRange(Transforms.FromSymmetricRange(symmetric)), Pixels, atol: 1e-4));
    }

    [Fact]
    public void Binarize_ThresholdsAtTheGivenValue()
    {
        var x = tensor(new float[] { 0f, 0.3f, 0.5f, 0.51f, 1f });
        Assert.Equal(new[] { 0f, 0f, 0f, 1f, 1f }, Transforms.Binarize(x).ToArray<float>());
        Assert.Equal(new[] { 0f, 1f, 1f, 1f, 1f }, Transforms.Binarize(x, 0.2).ToArray<float>());
    }

    [Fact]
    public void BinarizeStochastic_IsBernoulliWithThePixelAsProbabilityAndSeeded()
    {
        var x = full([20000], 0.3);
        var b = Transforms.BinarizeStochastic(x, new Generator(5));
        Assert.All(b.ToArray<float>(), v => Assert.True(v is 0f or 1f));
        Assert.InRange(b.mean().item<float>(), 0.29f, 0.31f);
        Assert.Equal(b.ToArray<float>(), Transforms.BinarizeStochastic(x, new Generator(5)).ToArray<float>());
        Assert.Equal(new[] { 0f, 1f }, Transforms.BinarizeStochastic(tensor(new float[] { 0, 1 })).ToArray<float>());
    }

    [Fact]
    public void Dequantize_AddsUniformNoiseWithinEachBinAndQuantizeUndoesIt()
    {
        var levels = arange(256, float32).repeat(20);
        var y = Transforms.Dequantize(levels, new Generator(2));
        var lower = levels / 256;
        Assert.True((y - lower).min().item<float>() >= 0);
        Assert.True((y - lower).max().item<float>() < 1f / 256);
        Assert.InRange(((y - lower) * 256).mean().item<float>(), 0.48f, 0.52f);   // U[0, 1) has mean 1/2
        Assert.Equal(levels.ToArray<float>(), Transforms.Quantize(y).ToArray<float>());
    }

    [Fact]
    public void Logit_MatchesRealNvpFormulaAndInverts()
    {
        var x = tensor(new double[] { 0, 0.25, 0.5, 1 });
        var y = Transforms.Logit(x, alpha: 0.05);
        double p = 0.05 + 0.9 * 0.25;
        Assert.Equal(Math.Log(p / (1 - p)), y[1].item<double>(), 12);
        Assert.Equal(0, y[2].item<double>(), 12);
        Assert.Equal(Math.Log(0.95 / 0.05), y[3].item<double>(), 12);
        Assert.True(allclose(Transforms.InverseLogit(y, alpha: 0.05), x, atol: 1e-12));
    }

    [Fact]
    public void LogitLogAbsDetJacobian_EqualsTheLogOfTheAutogradDerivative()
    {
        var x = tensor(new double[] { 0.1, 0.4, 0.9 }, requires_grad: true);
        var grad = autograd.grad([Transforms.Logit(x, 0.05).sum()], [x])[0]!;
        Assert.True(allclose(Transforms.LogitLogAbsDetJacobian(x.detach(), 0.05), grad.log(), atol: 1e-12));
    }
}
