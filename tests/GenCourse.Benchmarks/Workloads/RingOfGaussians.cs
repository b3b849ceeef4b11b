extern alias Embedded;

namespace GenCourse.Benchmarks.Workloads;

/// <summary>
/// The density benchmarks' data: points from 8 Gaussians (std 0.3) centred on the circle of radius 4, point i
/// from component i mod 8, as [x0, y0, x1, y1, ...]. Drawn with the embedded engine's <c>Generator</c>, whose stream
/// is bit-reproducible, so both engines fit the same numbers; reference/sklearn_density_bench.py re-implements the
/// same generator (both print the coordinate sum as a check).
/// </summary>
public static class RingOfGaussians
{
    public static double[] Points(int n, ulong seed)
    {
        var generator = new Embedded::GenCourse.Generator(seed);
        var values = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            double angle = 2 * Math.PI * (i % 8) / 8;
            values[2 * i] = 4 * Math.Cos(angle) + 0.3 * generator.NextNormal();
            values[2 * i + 1] = 4 * Math.Sin(angle) + 0.3 * generator.NextNormal();
        }
        return values;
    }

    /// <summary>Sum of all coordinates, printed by both benchmark sides to show they use the same data.</summary>
    public static double Checksum(double[] points) => points.Sum();
}
