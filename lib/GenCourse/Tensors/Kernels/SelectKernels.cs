namespace GenCourse.Kernels;

/// <summary>Elementwise choice between two operands by a mask (contiguous, same length).</summary>
internal static class SelectKernels
{
    public static void Where<T>(bool[] cond, int co, T[] a, int ao, T[] b, int bo, T[] y, int n)
    {
        Par.For(n, 1 << 15, (lo, hi) =>
        {
            for (int i = lo; i < hi; i++) y[i] = cond[co + i] ? a[ao + i] : b[bo + i];
        });
    }
}
