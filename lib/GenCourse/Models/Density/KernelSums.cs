using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GenCourse.Models.Density;

/// <summary>
/// Exact kernel sums log sum_j K(|q - x_j| / h) over all data points x_j, for many queries q: the data is stored
/// column by column (so four points fill a SIMD register), walked in L1-sized blocks, and the queries are split
/// over the cores. The unbounded kernels (gaussian, exponential) use a running log-sum-exp shift, so far-away
/// queries get finite log densities instead of log 0.
/// </summary>
internal sealed class KernelSums
{
    const int Block = 1024;
    readonly PointColumns points;

    public KernelSums(Points data) => points = new PointColumns(data);

    /// <summary>result[q] = log sum_j K(|query_q - x_j| / h), -inf when every term is 0.</summary>
    public void LogSums(DensityKernel kernel, double bandwidth, Points queries, double[] result)
    {
        // Small batches of queries, handed out dynamically, keep both cores busy even when one is shared.
        const int Batch = 32;
        Parallel.For(0, (queries.Count + Batch - 1) / Batch, () => new double[Block], (batch, _, scratch) =>
        {
            for (int q = batch * Batch; q < Math.Min(queries.Count, (batch + 1) * Batch); q++)
                result[q] = LogSum(kernel, bandwidth, queries.Row(q), scratch);
            return scratch;
        }, _ => { });
    }

    double LogSum(DensityKernel kernel, double h, ReadOnlySpan<double> query, double[] scratch)
    {
        bool shifted = kernel is DensityKernel.Gaussian or DensityKernel.Exponential;
        double shift = double.PositiveInfinity, sum = 0;
        for (int start = 0; start < points.Count; start += Block)
        {
            int length = Math.Min(Block, points.Count - start);
            if (shifted)
            {
                double blockMin = Energies(kernel, h, query, start, length, scratch);
                if (blockMin < shift)
                {
                    sum *= Math.Exp(blockMin - shift);
                    shift = blockMin;
                }
                sum += SumExp(scratch, length, shift);
            }
            else
            {
                sum += CompactSum(kernel, 1 / (h * h), query, start, length);
            }
        }
        return shifted ? Math.Log(sum) - shift : Math.Log(sum);
    }

    /// <summary>
    /// scratch[j - start] = e_j with K = exp(-e_j) (gaussian: |q - x_j|^2 / 2h^2, exponential: |q - x_j| / h);
    /// returns the smallest energy of the block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    double Energies(DensityKernel kernel, double h, ReadOnlySpan<double> query, int start, int length, double[] scratch)
    {
        var min = Vector256.Create(double.PositiveInfinity);
        var scale = Vector256.Create(kernel == DensityKernel.Gaussian ? 0.5 / (h * h) : 1 / h);
        for (int c = 0; c < length; c += 4)
        {
            var d2 = points.SquaredDistances(query, start + c);
            var energy = kernel == DensityKernel.Gaussian ? d2 * scale : Vector256.Sqrt(d2) * scale;
            energy.StoreUnsafe(ref scratch[c]);
            if (c + 4 > length) energy = Vector256.ConditionalSelect(PointColumns.LaneMask(length - c), energy, Vector256.Create(double.PositiveInfinity));
            min = Vector256.Min(min, energy);
        }
        return Math.Min(Math.Min(min[0], min[1]), Math.Min(min[2], min[3]));
    }

    /// <summary>sum_j exp(shift - scratch[j]) over the first <paramref name="length"/> entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static double SumExp(double[] scratch, int length, double shift)
    {
        var acc = Vector256<double>.Zero;
        var s = Vector256.Create(shift);
        for (int c = 0; c < length; c += 4)
        {
            var terms = SimdMath.Exp(s - Vector256.LoadUnsafe(ref scratch[c]));
            if (c + 4 > length) terms = Vector256.ConditionalSelect(PointColumns.LaneMask(length - c), terms, Vector256<double>.Zero);
            acc += terms;
        }
        return Vector256.Sum(acc);
    }

    /// <summary>sum_j K(u_j) of a compactly supported kernel, u_j^2 = |q - x_j|^2 / h^2, K = 0 for u &gt;= 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    double CompactSum(DensityKernel kernel, double inverseH2, ReadOnlySpan<double> query, int start, int length)
    {
        var acc = Vector256<double>.Zero;
        var one = Vector256.Create(1.0);
        var halfPi = Vector256.Create(Math.PI / 2);
        for (int c = 0; c < length; c += 4)
        {
            var u2 = points.SquaredDistances(query, start + c) * Vector256.Create(inverseH2);
            var inside = Vector256.LessThan(u2, one);
            if (c + 4 > length) inside &= PointColumns.LaneMask(length - c);
            var k = kernel switch
            {
                DensityKernel.Tophat => one,
                DensityKernel.Epanechnikov => one - u2,
                DensityKernel.Linear => one - Vector256.Sqrt(u2),
                _ => SimdMath.CosSmall(halfPi * Vector256.Min(Vector256.Sqrt(u2), one)),
            };
            acc += Vector256.ConditionalSelect(inside, k, Vector256<double>.Zero);
        }
        return Vector256.Sum(acc);
    }
}
