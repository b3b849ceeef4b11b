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

/// <summary>What the mutation run of Models/Density (kernels) found untested: the span form's scalar tail, Points.Column, and the names in messages.</summary>
public class DensityKernelGapTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    public void ExpOfASpan_CoversTheTailThatIsNotAMultipleOfFour(int length)
    {
        var x = Enumerable.Range(0, length).Select(i => -3.0 + 1.7 * i).Append(-1e6).Append(1e6).ToArray();
        var y = new double[x.Length];
        SimdMath.Exp(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            double expected = Math.Exp(Math.Clamp(x[i], -708, 709));
            Assert.True(Math.Abs(y[i] - expected) <= 4e-16 * expected, $"exp({x[i]:R}) = {y[i]:R} at {i} of {x.Length}, expected {expected:R}");
        }
    }

    [Fact]
    public void PointsColumn_IsTheKthCoordinateOfEveryRow()
    {
        var points = Points.From(torch.tensor(new[] { 1.0, 2, 3, 4, 5, 6 }, [3, 2]), "test");
        Assert.Equal([1.0, 3, 5], points.Column(0));
        Assert.Equal([2.0, 4, 6], points.Column(1));
    }

    [Fact]
    public void BadArguments_AreNamedWithTheMethodThatRefusedThem()
    {
        Assert.StartsWith("KernelDensity: unknown kernel \"nope\"; expected one of gaussian", Assert.Throws<ArgumentException>(() => new KernelDensity(kernel: "nope")).Message);
        Assert.StartsWith("KernelDensity:", Assert.Throws<ArgumentException>(() => new KernelDensity(bandwidth: -1)).Message);
        Assert.Contains("KernelDensity.Fit", Assert.ThrowsAny<ArgumentException>(() => new KernelDensity().Fit(torch.zeros([2, 2, 2], torch.float64))).Message);
        Assert.StartsWith("KnnDensity: k must be >= 1, got 0", Assert.Throws<ArgumentException>(() => new KnnDensity(0)).Message);
        var knn = new KnnDensity(1).Fit(torch.tensor(new[] { 0.0, 1, 2 }, [3, 1]));
        Assert.Contains("KnnDensity.KthNeighborDistance", Assert.ThrowsAny<ArgumentException>(() => knn.KthNeighborDistance(torch.zeros([2, 3], torch.float64))).Message);
    }
}
