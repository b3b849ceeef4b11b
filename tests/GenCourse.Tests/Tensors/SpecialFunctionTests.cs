using GenCourse;
using GenCourse.Tests.Distributions;
using static GenCourse.torch;
using F = GenCourse.torch.nn.functional;
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
            _ => polygamma(x, function[^1] - '0'),
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

    [Theory]
    [InlineData(ScalarType.Float32, 1e-6, 1e-37)]
    [InlineData(ScalarType.Float64, 1e-15, 1e-300)]
    public void Softplus_FusedBackward_MatchesTheDifferentiableFormAndTheClosedForm(ScalarType dtype, double tolerance, double tiny)
    {
        // beta 2, threshold 6: beta x crosses the threshold at x = 3; -200 drives the sigmoid below float32's range.
        double[] values = [-200, -30, -5, -0.1, 0, 0.3, 2.9, 2.999, 3.001, 10, 50];
        double[] upstream = values.Select((_, i) => 0.5 + 0.25 * i).ToArray();
        var x = tensor(values, dtype: dtype, requires_grad: true);
        var g = tensor(upstream, dtype: dtype);
        var fused = autograd.grad([F.softplus(x, 2, 6)], [x], [g])[0]!;                           // no graph: fused kernel
        var composite = autograd.grad([F.softplus(x, 2, 6)], [x], [g], create_graph: true)[0]!;  // differentiable ops
        for (int i = 0; i < values.Length; i++)
        {
            double z = 2 * values[i], expected = upstream[i] * (z > 6 ? 1 : 1 / (1 + Math.Exp(-z)));
            double a = fused[i].ToDouble(), b = composite[i].ToDouble();
            Assert.True(Math.Abs(a - expected) <= tolerance * Math.Abs(expected) + tiny, $"fused at x = {values[i]}: {a}, expected {expected}");
            Assert.True(Math.Abs(a - b) <= tolerance * Math.Abs(expected) + tiny, $"fused {a} and differentiable {b} differ at x = {values[i]}");
        }
    }
}
