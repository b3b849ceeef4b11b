using GenCourse;
using GenCourse.Tests.Distributions;
using static GenCourse.torch;
using static GenCourse.Tests.Tensors.GradCheck;

namespace GenCourse.Tests.Tensors;

/// <summary>lgamma, digamma, polygamma and erfinv against 50-digit mpmath values, their gradients, and log1p/expm1 near zero.</summary>
public class SpecialFunctionTests
{
    [Theory]
    [InlineData("lgamma")]
    [InlineData("digamma")]
    [InlineData("polygamma1")]
    [InlineData("polygamma2")]
    [InlineData("polygamma3")]
    [InlineData("erfinv")]
    public void SpecialFunction_MatchesHighPrecisionReference(string function)
    {
        var c = DistributionRefs.Find("special", "function", function);
        var x = DistributionRefs.ToTensor(c.GetProperty("input"));
        var y = function switch
        {
            "lgamma" => x.lgamma(),
            "digamma" => digamma(x),
            "erfinv" => erfinv(x),
            _ => polygamma(function[^1] - '0', x),
        };
        // Absolute slack for values that cancel to zero (lgamma(1) = lgamma(2) = 0).
        DistributionRefs.AssertClose(DistributionRefs.ToTensor(c.GetProperty("output")), y, rtol: 1e-10, atol: 1e-13, what: function);
    }

    [Fact]
    public void SpecialFunctions_HaveTheirPolesAndLimits()
    {
        Assert.Equal(double.PositiveInfinity, tensor(new double[] { 0, -3 }).lgamma().max().item<double>());
        Assert.Equal(double.NegativeInfinity, tensor(0.0, float64).digamma().item<double>());
        Assert.Equal(new[] { double.NegativeInfinity, double.PositiveInfinity }, tensor(new double[] { -1, 1 }).erfinv().ToArray<double>());
        Assert.True(double.IsNaN(tensor(1.5, float64).erfinv().item<double>()));
    }

    [Fact]
    public void Lgamma_Float32_AgreesWithFloat64()
    {
        var x = tensor(new double[] { 0.3, 1.5, 4.2, 30 });
        DistributionRefs.AssertClose(x.lgamma(), x.@float().lgamma(), rtol: 1e-6, atol: 1e-6);
    }

    [Fact]
    public void GammaFamily_And_Erfinv_GradCheck_FirstAndSecondOrder()
    {
        Check(a => a[0].lgamma() + a[0].digamma() + a[0].polygamma(2), [Positive(30, 5)], what: "gamma family");
        CheckSecondOrder(a => a[0].lgamma() * a[0].digamma(), [Positive(31, 4)], what: "gamma family");
        Func<Tensor[], Tensor> inv = a => (a[0].tanh() * 0.9).erfinv();
        Check(inv, [Input(32, 5)], what: "erfinv");
        CheckSecondOrder(inv, [Input(33, 4)], what: "erfinv");
    }

    [Theory]
    [InlineData(1e-13)]
    [InlineData(-3e-10)]
    [InlineData(2e-7)]
    public void Log1p_And_Expm1_KeepFullPrecisionNearZero(double x)
    {
        // Taylor series, exact to double precision for |x| <= 2e-7.
        double log1p = x - x * x / 2 + x * x * x / 3, expm1 = x + x * x / 2 + x * x * x / 6;
        Assert.Equal(log1p, tensor(x, float64).log1p().item<double>(), Math.Abs(log1p) * 1e-15);
        Assert.Equal(expm1, tensor(x, float64).expm1().item<double>(), Math.Abs(expm1) * 1e-15);
        Assert.Equal(Math.Log(2) + x / 2 + x * x / 8, tensor(x, float64).softplus().item<double>(), 1e-15);
        Assert.Equal((float)x, tensor(x, float32).log1p().item<float>(), (float)Math.Abs(x) * 1e-6f);
    }
}
