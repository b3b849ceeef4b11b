using GenCourse;
using GenCourse.Models.Vae;
using static GenCourse.torch;

namespace GenCourse.Tests.Models;

/// <summary>LatentSpace's walks against their formulas evaluated by hand, and the manifold grid against tabulated normal quantiles.</summary>
public class VaeLatentSpaceTests
{
    static readonly double[] Z0 = [1, 2, -1], Z1 = [0.5, -1, 3];

    static double[][] Rows(Tensor t) => Enumerable.Range(0, (int)t.shape[0]).Select(i => t[i].ToDoubles()).ToArray();

    [Fact]
    public void Interpolate_Linear_IsTheConvexCombination()
    {
        var path = Rows(LatentSpace.Interpolate(tensor(Z0), tensor(Z1), 5));
        for (int i = 0; i < 5; i++)
        {
            double t = i / 4.0;
            Assert.Equal(Z0.Select((a, j) => (1 - t) * a + t * Z1[j]).ToArray(), path[i], new Tolerance(1e-14));
        }
    }

    [Fact]
    public void Interpolate_Spherical_IsSlerpOnTheGreatCircle()
    {
        var path = Rows(LatentSpace.Interpolate(tensor(Z0), tensor(Z1), 5, spherical: true));
        double norm0 = Math.Sqrt(Z0.Sum(v => v * v)), norm1 = Math.Sqrt(Z1.Sum(v => v * v));
        double omega = Math.Acos(Z0.Select((a, j) => a * Z1[j]).Sum() / (norm0 * norm1));
        for (int i = 0; i < 5; i++)
        {
            double t = i / 4.0;
            // slerp(z0, z1; t) = (sin((1 - t) omega) z0 + sin(t omega) z1) / sin(omega)
            var expected = Z0.Select((a, j) => (Math.Sin((1 - t) * omega) * a + Math.Sin(t * omega) * Z1[j]) / Math.Sin(omega)).ToArray();
            Assert.Equal(expected, path[i], new Tolerance(1e-12));
        }
    }

    [Fact]
    public void Interpolate_Spherical_OfParallelVectors_IsLinear()
    {
        var z1 = Z0.Select(v => 3 * v).ToArray();
        var path = Rows(LatentSpace.Interpolate(tensor(Z0), tensor(z1), 3, spherical: true));
        Assert.Equal(Z0.Select(v => 2 * v).ToArray(), path[1], new Tolerance(1e-12));
        Assert.All(path.SelectMany(r => r), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Interpolate_RejectsDifferentShapesAndMatrices()
    {
        Assert.Contains("[3] and [2]", Assert.Throws<ArgumentException>(() => LatentSpace.Interpolate(tensor(Z0), tensor(new double[] { 1, 2 }), 3)).Message);
        var m = zeros([2, 3], float64);
        Assert.Throws<ArgumentException>(() => LatentSpace.Interpolate(m, m, 3));
    }

    [Fact]
    public void Traverse_SetsOneCoordinateToEvenlySpacedValues()
    {
        var rows = Rows(LatentSpace.Traverse(tensor(Z0), 1, -2, 2, 5));
        for (int i = 0; i < 5; i++) Assert.Equal(new[] { Z0[0], -2 + i, Z0[2] }, rows[i]);
    }

    [Theory]
    [InlineData(5, 0.05, new[] { -1.6448536269514726, -0.5977601260424784, 0, 0.5977601260424784, 1.6448536269514715 })]
    [InlineData(3, 0.1, new[] { -1.2815515655446008, 0, 1.2815515655446008 })]
    public void Grid2D_IsTheProductOfNormalQuantiles_RowMajorFromTopLeft(int steps, double margin, double[] quantiles)
    {
        // quantiles: Phi^-1 at linspace(margin, 1 - margin, steps), from Python's statistics.NormalDist().inv_cdf.
        var grid = LatentSpace.Grid2D(steps, margin);
        Assert.Equal(float32, grid.dtype);
        var points = Rows(grid);
        Assert.Equal(steps * steps, points.Length);
        for (int r = 0; r < steps; r++)
            for (int c = 0; c < steps; c++)
                Assert.Equal(new[] { quantiles[c], quantiles[steps - 1 - r] }, points[r * steps + c], new Tolerance(1e-6));
    }
}
