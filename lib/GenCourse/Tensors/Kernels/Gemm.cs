using System.Numerics;

namespace GenCourse.Kernels;

/// <summary>
/// General matrix multiply on raw arrays: C[m,n] = A[m,k] @ B[k,n] (or C += A @ B when accumulate).
/// A's element (i,p) is at a[aOff + i*aRs + p*aCs]; B's element (p,j) at b[bOff + p*bRs + j*bCs];
/// C is row-major with leading dimension ldc. Any strides are allowed, so transposed operands cost nothing.
/// </summary>
internal static class Gemm
{
    /// <summary>
    /// Multiply-adds (~6 us on one core) that a thread must get before it is worth waking: waking one costs a few us,
    /// and measured here 128x64x128 (1M) gains ~35% from a second thread while 64x64x64 gains little.
    /// </summary>
    const long MinWorkPerThread = 1L << 19;

    public static void Run(int m, int n, int k,
        float[] a, int aOff, int aRs, int aCs,
        float[] b, int bOff, int bRs, int bCs,
        float[] c, int cOff, int ldc, bool accumulate)
        => Run<float, BestKernel<float>>(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);

    public static void Run(int m, int n, int k,
        double[] a, int aOff, int aRs, int aCs,
        double[] b, int bOff, int bRs, int bCs,
        double[] c, int cOff, int ldc, bool accumulate)
        => Run<double, BestKernel<double>>(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);

    /// <summary>Batched form: matrix t uses offsets aOff + t*aBatch, bOff + t*bBatch, cOff + t*cBatch.</summary>
    public static void RunBatched(int batch, int m, int n, int k,
        float[] a, int aOff, int aBatch, int aRs, int aCs,
        float[] b, int bOff, int bBatch, int bRs, int bCs,
        float[] c, int cOff, int cBatch, int ldc, bool accumulate)
        => RunBatched<float, BestKernel<float>>(batch, m, n, k, a, aOff, aBatch, aRs, aCs, b, bOff, bBatch, bRs, bCs,
            c, cOff, cBatch, ldc, accumulate);

    /// <summary>Batched form: matrix t uses offsets aOff + t*aBatch, bOff + t*bBatch, cOff + t*cBatch.</summary>
    public static void RunBatched(int batch, int m, int n, int k,
        double[] a, int aOff, int aBatch, int aRs, int aCs,
        double[] b, int bOff, int bBatch, int bRs, int bCs,
        double[] c, int cOff, int cBatch, int ldc, bool accumulate)
        => RunBatched<double, BestKernel<double>>(batch, m, n, k, a, aOff, aBatch, aRs, aCs, b, bOff, bBatch, bRs, bCs,
            c, cOff, cBatch, ldc, accumulate);

    /// <summary><see cref="Run(int,int,int,float[],int,int,int,float[],int,int,int,float[],int,int,bool)"/> with an explicit micro-kernel.</summary>
    internal static void Run<T, TKernel>(int m, int n, int k,
        T[] a, int aOff, int aRs, int aCs,
        T[] b, int bOff, int bRs, int bCs,
        T[] c, int cOff, int ldc, bool accumulate)
        where T : unmanaged, INumber<T>
        where TKernel : struct, IGemmMicroKernel<T>
    {
        CheckShape(m, n, k, ldc);
        CheckOperands(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc);
        RunOn<T, TKernel>(Threads(m, n, k), m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
    }

    /// <summary><see cref="RunBatched(int,int,int,int,float[],int,int,int,int,float[],int,int,int,int,float[],int,int,int,bool)"/> with an explicit micro-kernel.</summary>
    internal static void RunBatched<T, TKernel>(int batch, int m, int n, int k,
        T[] a, int aOff, int aBatch, int aRs, int aCs,
        T[] b, int bOff, int bBatch, int bRs, int bCs,
        T[] c, int cOff, int cBatch, int ldc, bool accumulate)
        where T : unmanaged, INumber<T>
        where TKernel : struct, IGemmMicroKernel<T>
    {
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be >= 0");
        CheckShape(m, n, k, ldc);
        if (batch == 0) return;
        // Offsets are affine in t, so the first and the last matrix bound every address in between.
        CheckOperands(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc);
        int last = batch - 1;
        CheckOperands(m, n, k, a, aOff + (long)last * aBatch, aRs, aCs, b, bOff + (long)last * bBatch, bRs, bCs,
            c, cOff + (long)last * cBatch, ldc);

        // Many matrices with separate outputs: each thread multiplies whole matrices. Otherwise (few large matrices,
        // or overlapping outputs, e.g. cBatch = 0 to sum over the batch, which must be written in order) split each.
        int threads = Environment.ProcessorCount, perMatrix = Threads(m, n, k);
        bool byMatrix = threads > 1 && (batch >= 2 * threads || perMatrix == 1)
            && (long)batch * m * n * k >= 2 * MinWorkPerThread && DisjointOutputs(batch, m, n, ldc, cBatch);
        if (byMatrix)
            RunMatricesInParallel<T, TKernel>(batch, m, n, k, a, aOff, aBatch, aRs, aCs, b, bOff, bBatch, bRs, bCs,
                c, cOff, cBatch, ldc, accumulate);
        else
            RunMatrices<T, TKernel>(0, batch, perMatrix, m, n, k, a, aOff, aBatch, aRs, aCs, b, bOff, bBatch, bRs, bCs,
                c, cOff, cBatch, ldc, accumulate);
    }

    /// <summary>Matrices first..end-1 of a batch in order, each on up to <paramref name="threads"/> threads.</summary>
    static void RunMatrices<T, TKernel>(int first, int end, int threads, int m, int n, int k,
        T[] a, int aOff, int aBatch, int aRs, int aCs,
        T[] b, int bOff, int bBatch, int bRs, int bCs,
        T[] c, int cOff, int cBatch, int ldc, bool accumulate)
        where T : unmanaged, INumber<T>
        where TKernel : struct, IGemmMicroKernel<T>
    {
        for (int t = first; t < end; t++)
            RunOn<T, TKernel>(threads, m, n, k, a, aOff + t * aBatch, aRs, aCs, b, bOff + t * bBatch, bRs, bCs,
                c, cOff + t * cBatch, ldc, accumulate);
    }

    /// <summary>
    /// Whole matrices per thread; a few chunks per thread absorb uneven progress. A separate method so that other
    /// calls do not allocate the lambda's closure.
    /// </summary>
    static void RunMatricesInParallel<T, TKernel>(int batch, int m, int n, int k,
        T[] a, int aOff, int aBatch, int aRs, int aCs,
        T[] b, int bOff, int bBatch, int bRs, int bCs,
        T[] c, int cOff, int cBatch, int ldc, bool accumulate)
        where T : unmanaged, INumber<T>
        where TKernel : struct, IGemmMicroKernel<T>
    {
        int chunks = Math.Min(batch, 4 * Environment.ProcessorCount);
        Parallel.For(0, chunks, chunk => RunMatrices<T, TKernel>(
            (int)((long)batch * chunk / chunks), (int)((long)batch * (chunk + 1) / chunks), 1, m, n, k,
            a, aOff, aBatch, aRs, aCs, b, bOff, bBatch, bRs, bCs, c, cOff, cBatch, ldc, accumulate));
    }

    /// <summary>
    /// Whether the batch's C matrices occupy separate elements: one after another, or side by side within each row
    /// (a [m, batch, n] layout with cBatch = n, ldc = batch*n). Anything else is treated as overlapping.
    /// </summary>
    internal static bool DisjointOutputs(int batch, int m, int n, int ldc, int cBatch)
    {
        long step = Math.Abs((long)cBatch), extent = (long)(m - 1) * ldc + n;
        return step >= extent || (step >= n && (batch - 1) * step + n <= ldc);
    }

    static void RunOn<T, TKernel>(int threads, int m, int n, int k,
        T[] a, int aOff, int aRs, int aCs,
        T[] b, int bOff, int bRs, int bCs,
        T[] c, int cOff, int ldc, bool accumulate)
        where T : unmanaged, INumber<T>
        where TKernel : struct, IGemmMicroKernel<T>
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate)
                for (int i = 0; i < m; i++) c.AsSpan(cOff + i * ldc, n).Clear();
            return;
        }
        GemmDriver<T, TKernel>.Run(m, n, k, new StridedPanels<T>(a, aOff, aRs, aCs), new StridedPanels<T>(b, bOff, bCs, bRs),
            new StridedTile<T>(c, cOff, ldc), accumulate, threads);
    }

    /// <summary>
    /// C = A @ B (or C += A @ B) with operands read and written through packers (<see cref="GemmDriver{T, TKernel}"/>)
    /// on up to <paramref name="threads"/> threads, with <see cref="BestKernel{T}"/>. The caller checks shapes; k must be > 0.
    /// </summary>
    internal static void Run<T, TA, TB, TC>(int m, int n, int k, TA a, TB b, TC c, bool accumulate, int threads)
        where T : unmanaged, INumber<T>
        where TA : struct, IPanelSource<T> where TB : struct, IPanelSource<T> where TC : struct, ITileTarget<T>
    {
        if (k <= 0) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be > 0");
        if (m == 0 || n == 0) return;
        GemmDriver<T, BestKernel<T>>.Run(m, n, k, a, b, c, accumulate, threads);
    }

    /// <summary>How many threads a single product deserves: one unless there is enough work for each.</summary>
    internal static int Threads(long m, long n, long k)
    {
        long work = m * n * k;
        int threads = Environment.ProcessorCount;
        return (int)Math.Clamp(work / MinWorkPerThread, 1, threads);
    }

    static void CheckShape(int m, int n, int k, int ldc)
    {
        if (m < 0) throw new ArgumentOutOfRangeException(nameof(m), m, "m must be >= 0");
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "n must be >= 0");
        if (k < 0) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be >= 0");
        if (m > 1 && ldc < n)
            throw new ArgumentException($"ldc = {ldc} would make rows of C overlap: expected ldc >= n = {n}", nameof(ldc));
    }

    static void CheckOperands<T>(int m, int n, int k, T[] a, long aOff, int aRs, int aCs,
        T[] b, long bOff, int bRs, int bCs, T[] c, long cOff, int ldc)
    {
        CheckRange(nameof(a), a.Length, aOff, m, aRs, k, aCs);
        CheckRange(nameof(b), b.Length, bOff, k, bRs, n, bCs);
        CheckRange(nameof(c), c.Length, cOff, m, ldc, n, 1);
    }

    /// <summary>Throws unless every element (i,j) of a rows x cols view at off + i*rs + j*cs lies inside the array.</summary>
    static void CheckRange(string name, int length, long off, int rows, int rs, int cols, int cs)
    {
        if (rows == 0 || cols == 0) return;
        long lo = off + Math.Min(0L, (long)(rows - 1) * rs) + Math.Min(0L, (long)(cols - 1) * cs);
        long hi = off + Math.Max(0L, (long)(rows - 1) * rs) + Math.Max(0L, (long)(cols - 1) * cs);
        if (lo < 0 || hi >= length)
            throw new ArgumentException(
                $"a {rows}x{cols} view at offset {off} with strides ({rs}, {cs}) spans elements {lo}..{hi}, " +
                $"but the array has length {length}", name);
    }
}
