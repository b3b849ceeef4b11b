using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GenCourse.Models.Density;

/// <summary>
/// Data points stored column by column (coordinate k of all points contiguous, padded to a multiple of 4), so that
/// squared distances from a query to four consecutive points fill one SIMD register.
/// </summary>
internal sealed class PointColumns
{
    readonly double[] columns;
    readonly int stride;

    public PointColumns(Points data)
    {
        (Count, Dimension) = (data.Count, data.Dimension);
        stride = (Count + 3) / 4 * 4;
        columns = new double[Dimension * stride];
        for (int i = 0; i < Count; i++)
            for (int k = 0; k < Dimension; k++)
                columns[k * stride + i] = data.Values[i * Dimension + k];
    }

    public int Count { get; }

    public int Dimension { get; }

    /// <summary>|q - x_j|^2 for the four points j.. j+3 (lanes past the last point hold garbage).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> SquaredDistances(ReadOnlySpan<double> query, int j)
    {
        var acc = Vector256<double>.Zero;
        for (int k = 0; k < query.Length; k++)
        {
            var diff = Vector256.LoadUnsafe(ref columns[k * stride + j]) - Vector256.Create(query[k]);
            acc = SimdMath.MulAdd(diff, diff, acc);
        }
        return acc;
    }

    /// <summary>output[j] = |q - x_j|^2 for all points (output holds at least Count rounded up to 4).</summary>
    public void SquaredDistances(ReadOnlySpan<double> query, Span<double> output)
    {
        for (int j = 0; j < Count; j += 4) SquaredDistances(query, j).CopyTo(output.Slice(j, 4));
    }

    /// <summary>Lanes [0, valid) set, the rest cleared: masks the padding after the last point.</summary>
    public static Vector256<double> LaneMask(int valid) =>
        Vector256.LessThan(Vector256.Create(0L, 1L, 2L, 3L), Vector256.Create((long)valid)).AsDouble();
}
