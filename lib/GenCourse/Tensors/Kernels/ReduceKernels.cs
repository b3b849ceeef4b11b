using System.Numerics;
using System.Numerics.Tensors;

namespace GenCourse.Kernels;

/// <summary>Reductions over the middle axis of a contiguous array viewed as [outer, r, inner].</summary>
internal static class ReduceKernels
{
    const int Grain = 1 << 14;

    /// <summary>y[o, j] = sum_k x[o, k, j].</summary>
    public static void Sum<T>(T[] x, int xo, int outer, int r, int inner, T[] y) where T : unmanaged, INumber<T>
    {
        if (inner == 1)
        {
            Par.For(outer, Math.Max(1, Grain / Math.Max(r, 1)), (lo, hi) =>
            {
                for (int o = lo; o < hi; o++) y[o] = TensorPrimitives.Sum<T>(x.AsSpan(xo + o * r, r));
            });
            return;
        }
        if (outer >= Par.Workers)
        {
            Par.For(outer, Math.Max(1, Grain / Math.Max(r * inner, 1)), (lo, hi) =>
            {
                for (int o = lo; o < hi; o++) SumRows(x, xo + o * r * inner, r, inner, 0, inner, y, o * inner);
            });
            return;
        }
        // Few outer slices (e.g. a bias gradient summed over the batch): split the columns instead.
        for (int o = 0; o < outer; o++)
        {
            int baseX = xo + o * r * inner, baseY = o * inner;
            Par.For(inner, Math.Max(64, Grain / Math.Max(r, 1)), (lo, hi) => SumRows(x, baseX, r, inner, lo, hi, y, baseY));
        }
    }

    /// <summary>y[o, j] = prod_k x[o, k, j] (1 over an empty axis).</summary>
    public static void Prod<T>(T[] x, int xo, int outer, int r, int inner, T[] y) where T : unmanaged, INumber<T>
    {
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                var acc = T.One;
                for (int k = 0; k < r; k++) acc *= x[xo + (o * r + k) * inner + j];
                y[o * inner + j] = acc;
            }
    }

    static void SumRows<T>(T[] x, int start, int r, int inner, int lo, int hi, T[] y, int yStart) where T : unmanaged, INumber<T>
    {
        var acc = y.AsSpan(yStart + lo, hi - lo);
        acc.Clear();
        for (int k = 0; k < r; k++)
            TensorPrimitives.Add(acc, x.AsSpan(start + k * inner + lo, hi - lo), acc);
    }

    /// <summary>Index (along the middle axis) and value of the max (or min) of each [o, :, j]; NaN wins, first index on ties.</summary>
    public static void ArgExtreme<T>(T[] x, int xo, int outer, int r, int inner, bool max, T[] values, long[] indices)
        where T : unmanaged, INumber<T>
    {
        Par.For(outer * inner, Math.Max(1, Grain / Math.Max(r, 1)), (lo, hi) =>
        {
            for (int idx = lo; idx < hi; idx++)
            {
                int o = idx / inner, j = idx % inner;
                int b = xo + o * r * inner + j;
                T best = x[b];
                int bestK = 0;
                for (int k = 1; k < r && !T.IsNaN(best); k++)
                {
                    T v = x[b + k * inner];
                    if (T.IsNaN(v) || (max ? v > best : v < best)) { best = v; bestK = k; }
                }
                values[idx] = best;
                indices[idx] = bestK;
            }
        });
    }

    /// <summary>Running sum along the middle axis.</summary>
    public static void CumSum<T>(T[] x, int xo, int outer, int r, int inner, T[] y) where T : unmanaged, INumber<T>
    {
        Par.For(outer, Math.Max(1, Grain / Math.Max(r * inner, 1)), (lo, hi) =>
        {
            for (int o = lo; o < hi; o++)
            {
                int b = o * r * inner;
                Array.Copy(x, xo + b, y, b, inner);
                for (int k = 1; k < r; k++)
                    TensorPrimitives.Add<T>(y.AsSpan(b + (k - 1) * inner, inner), x.AsSpan(xo + b + k * inner, inner), y.AsSpan(b + k * inner, inner));
            }
        });
    }
}
