using System.Runtime.Intrinsics;
using GenCourse.Models.Density;

namespace GenCourse.Tests.Models.Density;

public class SimdMathTests
{
    [Fact]
    public void Exp_IsWithinAFewUlpOfMathExp()
    {
        var random = new Random(1);
        for (int i = 0; i < 20000; i++)
        {
            double t = -708 + 1417 * random.NextDouble();
            double actual = SimdMath.Exp(Vector256.Create(t))[0], expected = Math.Exp(t);
            Assert.True(Math.Abs(actual - expected) <= 4e-16 * expected, $"exp({t:R}) = {actual:R}, Math.Exp gives {expected:R}");
        }
        Assert.Equal(1.0, SimdMath.Exp(Vector256<double>.Zero)[0]);
        Assert.Equal(Math.Exp(-708), SimdMath.Exp(Vector256.Create(-1e6))[0], 1e-320);   // clamped, never garbage
    }

    [Fact]
    public void CosSmall_IsWithinAFewUlpOfMathCos()
    {
        for (int i = 0; i <= 1000; i++)
        {
            double x = Math.PI / 2 * i / 1000;
            Assert.True(Math.Abs(SimdMath.CosSmall(Vector256.Create(x))[0] - Math.Cos(x)) < 4e-16, $"cos({x})");
        }
    }
}
