using System.Runtime.Intrinsics.X86;
using System.Numerics;
using GenCourse.Kernels;
using Xunit;

namespace GenCourse.Tests.Kernels;

/// <summary>
/// Gemm against a naive triple loop accumulated in double. Every case runs on the dispatched float and double kernels
/// (FMA on x64) and on the portable Vector128 kernels, so the fallback stays correct on machines that cannot run it natively.
/// </summary>
public class GemmTests
{
    /// <summary>
    /// Which micro-kernel: the one Gemm picks on this machine, the portable one, or the 256-bit FMA one (which Gemm
    /// passes over on AVX-512 machines; the portable one stands in where FMA is missing).
    /// </summary>
    public enum Path { Float, Double, PortableFloat, PortableDouble, Fma256Float, Fma256Double }

    static readonly Path[] Paths = Enum.GetValues<Path>();

    /// <summary>A product C[m,n] (+)= A @ B with A(i,p) at a[aOff + i*aRs + p*aCs], B(p,j) at b[bOff + p*bRs + j*bCs].</summary>
    public sealed record Case(int M, int N, int K, int AOff, int ARs, int ACs, int BOff, int BRs, int BCs,
        int COff, int Ldc, bool Accumulate, int Batch = 1, int ABatch = 0, int BBatch = 0, int CBatch = 0)
    {
        /// <summary>Row-major operands, optionally stored transposed ("T" = A kept as k x m, B kept as n x k).</summary>
        public static Case Of(int m, int n, int k, bool transA = false, bool transB = false) => new(m, n, k,
            0, transA ? 1 : k, transA ? m : 1,
            0, transB ? 1 : n, transB ? k : 1,
            0, n, false);
    }

    public static IEnumerable<object[]> Cross(IEnumerable<object[]> rows) =>
        from row in rows from path in Paths select row.Append(path).ToArray();

    // Sizes around MR (6), NR (16 float / 8 double), KC (256), MC (144 float / 72 double) and primes.
    static readonly int[][] Sizes =
    [
        [1, 1, 1], [1, 7, 3], [7, 1, 3], [2, 3, 5], [5, 15, 7], [6, 16, 1], [6, 8, 4], [7, 17, 13], [12, 32, 16],
        [11, 13, 17], [18, 48, 255], [19, 47, 256], [23, 31, 257], [29, 37, 512], [31, 9, 513], [72, 24, 40],
        [73, 23, 41], [143, 33, 19], [144, 16, 20], [145, 17, 21], [1, 300, 64], [300, 1, 64], [97, 101, 103],
    ];

    public static IEnumerable<object[]> SizesAndPaths() => Cross(Sizes.Select(s => new object[] { s[0], s[1], s[2] }));

    public static IEnumerable<object[]> AllPaths() => Paths.Select(p => new object[] { p });

    [Theory]
    [MemberData(nameof(SizesAndPaths))]
    public void Run_RowMajorOperands_MatchesNaive(int m, int n, int k, Path path) =>
        AssertMatchesNaive(Case.Of(m, n, k), path);

    [Theory]
    [MemberData(nameof(SizesAndPaths))]
    public void Run_TransposedA_MatchesNaive(int m, int n, int k, Path path) =>
        AssertMatchesNaive(Case.Of(m, n, k, transA: true), path);

    [Theory]
    [MemberData(nameof(SizesAndPaths))]
    public void Run_TransposedB_MatchesNaive(int m, int n, int k, Path path) =>
        AssertMatchesNaive(Case.Of(m, n, k, transB: true), path);

    [Theory]
    [MemberData(nameof(SizesAndPaths))]
    public void Run_BothTransposed_MatchesNaive(int m, int n, int k, Path path) =>
        AssertMatchesNaive(Case.Of(m, n, k, transA: true, transB: true), path);

    public static IEnumerable<object[]> LargeAndPaths() => Cross(
    [
        [300, 517, 260, false, false], [300, 517, 260, true, false], [300, 517, 260, false, true],
        [300, 517, 260, true, true], [128, 784, 512, false, true], [784, 40, 128, true, false],
    ]);

    // Large enough to be split across threads and to span several KC and MC blocks.
    [Theory]
    [MemberData(nameof(LargeAndPaths))]
    public void Run_LargeMultiThreaded_MatchesNaive(int m, int n, int k, bool transA, bool transB, Path path) =>
        AssertMatchesNaive(Case.Of(m, n, k, transA, transB), path);

    [Theory]
    [MemberData(nameof(AllPaths))]
    public void Run_ManyColumns_CrossesTheNcBlock(Path path) => AssertMatchesNaive(Case.Of(7, 4100, 5), path);

    [Theory]
    [MemberData(nameof(AllPaths))]
    public void Run_VeryDeepK_MatchesNaive(Path path) =>
        AssertMatchesNaive(Case.Of(7, 3, 360_000, transA: true), path);   // 6 rows of A over all of k exceed the packing cap

    [Theory]
    [MemberData(nameof(AllPaths))]
    public void Run_OffsetsAndWideLdc_WritesOnlyTheBlock(Path path)
    {
        foreach (var (m, n, k) in new[] { (5, 7, 3), (37, 45, 29), (200, 150, 300) })
            AssertMatchesNaive(new Case(m, n, k, 11, k + 3, 1, 7, n + 5, 1, 13, n + 9, false), path);
    }

    [Theory]
    [MemberData(nameof(AllPaths))]
    public void Run_GeneralStrides_MatchesNaive(Path path)
    {
        // Neither operand has a unit stride: both go through the general packing path.
        foreach (var (m, n, k) in new[] { (7, 9, 5), (50, 70, 300) })
            AssertMatchesNaive(new Case(m, n, k, 3, 2 * k + 1, 2, 5, 3, 3 * k + 2, 0, n, false), path);
    }

    [Theory]
    [MemberData(nameof(AllPaths))]
    public void Run_Accumulate_AddsToExistingC(Path path)
    {
        foreach (var (m, n, k) in new[] { (1, 1, 1), (13, 29, 7), (150, 170, 600) })
            AssertMatchesNaive(Case.Of(m, n, k) with { Accumulate = true, Ldc = n + 2, COff = 4 }, path);
    }

    [Theory]
    [MemberData(nameof(AllPaths))]
    public void Run_StrideZeroOperands_BroadcastRowOrColumn(Path path)
    {
        foreach (var (m, n, k) in new[] { (9, 21, 11), (160, 200, 300) })
        {
            // A has identical rows (aRs = 0); B has identical columns (bCs = 0); B has identical rows (bRs = 0).
            AssertMatchesNaive(Case.Of(m, n, k) with { ARs = 0 }, path);
            AssertMatchesNaive(Case.Of(m, n, k) with { BCs = 0 }, path);
            AssertMatchesNaive(Case.Of(m, n, k) with { BRs = 0 }, path);
        }
    }

    [Theory]
    [MemberData(nameof(AllPaths))]
    public void Run_ZeroK_ZeroesCOrLeavesItWhenAccumulating(Path path)
    {
        AssertMatchesNaive(Case.Of(4, 5, 0) with { Ldc = 7 }, path);
        AssertMatchesNaive(Case.Of(4, 5, 0) with { Ldc = 7, Accumulate = true }, path);
    }

    [Theory]
    [MemberData(nameof(AllPaths))]
    public void Run_EmptyMOrN_LeavesCUntouched(Path path)
    {
        AssertMatchesNaive(Case.Of(0, 5, 3), path);
        AssertMatchesNaive(Case.Of(4, 0, 3) with { Ldc = 2 }, path);
        AssertMatchesNaive(Case.Of(0, 0, 0), path);
    }

    public static IEnumerable<object[]> BatchesAndPaths() => Cross(
    [
        [1, 20, 30, 40], [3, 7, 5, 9], [5, 300, 200, 150], [64, 19, 16, 57], [40, 1, 1, 1], [200, 2, 2, 2],
    ]);

    [Theory]
    [MemberData(nameof(BatchesAndPaths))]
    public void RunBatched_DistinctBatchStrides_MatchesNaive(int batch, int m, int n, int k, Path path)
    {
        // Padded batch strides so matrices do not touch, and C rows with a gap (ldc > n).
        var c = Case.Of(m, n, k) with { Ldc = n + 1, COff = 2, AOff = 1 };
        AssertMatchesNaive(c with { Batch = batch, ABatch = m * k + 3, BBatch = k * n + 1, CBatch = m * (n + 1) + 4 }, path);
        // transposed A and B, accumulating
        var t = Case.Of(m, n, k, transA: true, transB: true) with { Accumulate = true };
        AssertMatchesNaive(t with { Batch = batch, ABatch = m * k, BBatch = k * n, CBatch = m * n }, path);
    }

    [Theory]
    [MemberData(nameof(AllPaths))]
    public void RunBatched_SharedOperand_BroadcastsOverBatch(Path path)
    {
        // One weight matrix for the whole batch (bBatch = 0), as in a batched linear layer.
        foreach (var (batch, m, n, k) in new[] { (8, 9, 10, 11), (16, 100, 60, 70) })
            AssertMatchesNaive(Case.Of(m, n, k) with { Batch = batch, ABatch = m * k, CBatch = m * n }, path);
    }

    [Theory]
    [MemberData(nameof(AllPaths))]
    public void RunBatched_SharedOutput_AccumulatesOverTheBatchInOrder(Path path)
    {
        // cBatch = 0: C += sum over t of A_t @ B_t (e.g. a weight gradient summed over a batch); without accumulate
        // the last product wins. Large enough that a batch-parallel split would race.
        foreach (var (batch, m, n, k) in new[] { (9, 5, 7, 3), (8, 150, 160, 170) })
            foreach (bool accumulate in new[] { true, false })
                AssertMatchesNaive(Case.Of(m, n, k) with { Batch = batch, ABatch = m * k, BBatch = k * n, Accumulate = accumulate }, path);
    }

    // Only batches whose outputs are disjoint may be split over threads by matrix (a race is too rare to test).
    [Theory]
    [InlineData(4, 3, 5, 5, 15, true)]      // one after another
    [InlineData(4, 3, 5, 7, 21, true)]      // one after another, rows padded
    [InlineData(4, 3, 5, 20, 5, true)]      // side by side in rows: [m, batch, n]
    [InlineData(4, 3, 5, 5, 0, false)]      // all the same C
    [InlineData(4, 3, 5, 5, 10, false)]     // each overlaps the next by a row
    [InlineData(4, 3, 5, 19, 5, false)]     // side by side, but the last spills into the next row
    [InlineData(4, 3, 5, 20, -20, false)]   // backwards, overlapping by two rows
    [InlineData(4, 3, 5, 5, -15, true)]     // backwards, one after another
    public void DisjointOutputs_DetectsOverlappingBatchOutputs(int batch, int m, int n, int ldc, int cBatch, bool disjoint) =>
        Assert.Equal(disjoint, Gemm.DisjointOutputs(batch, m, n, ldc, cBatch));

    [Theory]
    [MemberData(nameof(AllPaths))]
    public void RunBatched_OutputsSideBySideInRows_MatchesNaive(Path path)
    {
        // C laid out as [m, batch, n] (e.g. attention heads): cBatch = n, ldc = batch * n.
        foreach (var (batch, m, n, k) in new[] { (4, 3, 5, 7), (12, 40, 32, 64) })
            AssertMatchesNaive(Case.Of(m, n, k) with { Batch = batch, ABatch = m * k, BBatch = k * n, CBatch = n, Ldc = batch * n }, path);
    }

    [Fact]
    public void Run_ViewOutsideArray_ThrowsNamingTheOperand()
    {
        var a = new float[12]; var b = new float[12]; var c = new float[9];
        var e = Assert.Throws<ArgumentException>(() => Gemm.Run(3, 3, 4, a, 1, 4, 1, b, 0, 3, 1, c, 0, 3, false));
        Assert.Equal("a", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Gemm.Run(3, 3, 4, a, 0, 4, 1, b, 0, 3, 1, c, 1, 3, false));
        Assert.Equal("c", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Gemm.Run(3, 3, 4, a, 0, 4, 1, b, 0, -3, 1, c, 0, 3, false));
        Assert.Equal("b", e.ParamName);
    }

    [Fact]
    public void Run_LdcSmallerThanN_Throws()
    {
        var a = new double[16]; var b = new double[16]; var c = new double[16];
        var e = Assert.Throws<ArgumentException>(() => Gemm.Run(4, 4, 4, a, 0, 4, 1, b, 0, 4, 1, c, 0, 3, false));
        Assert.Equal("ldc", e.ParamName);
    }

    /// <summary>Runs the case on <paramref name="path"/> and compares every element of the C array with the naive product.</summary>
    static void AssertMatchesNaive(Case g, Path path)
    {
        var random = new Random(HashCode.Combine(g.M, g.N, g.K, g.ARs, g.BCs, g.Batch));
        // float-representable values, so the float and the double paths multiply exactly the same numbers
        double[] Values(int length) => Enumerable.Range(0, length).Select(_ => (double)(float)(random.NextDouble() * 2 - 1)).ToArray();
        int last = Math.Max(g.Batch - 1, 0);
        double[] a = Values(Extent(g.AOff + last * g.ABatch, g.M, g.ARs, g.K, g.ACs));
        double[] b = Values(Extent(g.BOff + last * g.BBatch, g.K, g.BRs, g.N, g.BCs));
        double[] c = Values(Extent(g.COff + last * g.CBatch, g.M, g.Ldc, g.N, 1) + 3);

        // Matrices in batch order, so outputs shared between matrices (cBatch = 0) chain as in a sequential loop.
        double[] expected = (double[])c.Clone();
        double[] scale = new double[c.Length];   // sum of |terms| per element: the size rounding errors scale with
        double[] running = c.Select(Math.Abs).ToArray();
        for (int t = 0; t < g.Batch; t++)
            for (int i = 0; i < g.M; i++)
                for (int j = 0; j < g.N; j++)
                {
                    int ci = g.COff + t * g.CBatch + i * g.Ldc + j;
                    double sum = g.Accumulate ? expected[ci] : 0, magnitude = g.Accumulate ? running[ci] : 0;
                    for (int p = 0; p < g.K; p++)
                    {
                        double term = a[g.AOff + t * g.ABatch + i * g.ARs + p * g.ACs] * b[g.BOff + t * g.BBatch + p * g.BRs + j * g.BCs];
                        sum += term;
                        magnitude += Math.Abs(term);
                    }
                    expected[ci] = sum;
                    scale[ci] = running[ci] = magnitude;
                }

        double[] actual = Multiply(g, path, a, b, c);

        bool isFloat = path is Path.Float or Path.PortableFloat or Path.Fma256Float;
        double tolerance = (isFloat ? 1e-5 : 1e-12) * Math.Sqrt(Math.Max(g.K, 1));
        // scale is 0 outside the m x n blocks (offset, ldc gap, tail): those elements must be exactly untouched.
        for (int x = 0; x < c.Length; x++)
        {
            double allowed = tolerance * scale[x];
            if (Math.Abs(actual[x] - expected[x]) > allowed)
                Assert.Fail($"{path} {g}: C[{x}] = {actual[x]}, expected {expected[x]} (tolerance {allowed:g3})");
        }
    }

    /// <summary>Length of the smallest array that holds a rows x cols view at off with the given strides (strides >= 0).</summary>
    static int Extent(int off, int rows, int rs, int cols, int cs) =>
        rows == 0 || cols == 0 ? off + 1 : off + (rows - 1) * rs + (cols - 1) * cs + 1;

    static double[] Multiply(Case g, Path path, double[] a, double[] b, double[] c) => path switch
    {
        Path.Float => Multiply<float, BestKernel<float>>(g, a, b, c),
        Path.Double => Multiply<double, BestKernel<double>>(g, a, b, c),
        Path.PortableFloat => Multiply<float, PortableKernel<float>>(g, a, b, c),
        Path.PortableDouble => Multiply<double, PortableKernel<double>>(g, a, b, c),
        Path.Fma256Float => Fma.IsSupported ? Multiply<float, Fma6x16Float>(g, a, b, c) : Multiply<float, PortableKernel<float>>(g, a, b, c),
        _ => Fma.IsSupported ? Multiply<double, Fma6x8Double>(g, a, b, c) : Multiply<double, PortableKernel<double>>(g, a, b, c),
    };

    static double[] Multiply<T, TKernel>(Case g, double[] a, double[] b, double[] c)
        where T : unmanaged, INumber<T> where TKernel : struct, IGemmMicroKernel<T>
    {
        T[] at = Convert<T>(a), bt = Convert<T>(b), ct = Convert<T>(c);
        Gemm.RunBatched<T, TKernel>(g.Batch, g.M, g.N, g.K, at, g.AOff, g.ABatch, g.ARs, g.ACs, bt, g.BOff, g.BBatch, g.BRs, g.BCs,
            ct, g.COff, g.CBatch, g.Ldc, g.Accumulate);
        if (g.Batch == 1)
        {
            // The single-matrix entry point must agree with the batched one.
            T[] single = Convert<T>(c);
            Gemm.Run<T, TKernel>(g.M, g.N, g.K, at, g.AOff, g.ARs, g.ACs, bt, g.BOff, g.BRs, g.BCs, single, g.COff, g.Ldc, g.Accumulate);
            Assert.Equal(single, ct);
        }
        return ct.Select(double.CreateTruncating).ToArray();
    }

    static T[] Convert<T>(double[] x) where T : INumber<T> => x.Select(T.CreateTruncating).ToArray();

}
