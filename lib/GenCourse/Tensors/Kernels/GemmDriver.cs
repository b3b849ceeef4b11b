using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GenCourse.Kernels;

/// <summary>
/// GotoBLAS/BLIS loop nest around a micro-kernel. C is cut into chunks (a band of rows x a strip of columns) that
/// workers take in order from a shared counter, so a late or slowed thread simply takes fewer chunks. A worker packs
/// its band of A once (MR-row panels, all of k) and keeps it for every strip of that band; per KC-deep slice it packs
/// the strip of B into NR-column panels and sweeps the micro-kernel over MC-row blocks. Operands are read through
/// <see cref="IPanelSource{T}"/> and written through <see cref="ITileTarget{T}"/>: strided matrices (so transposed or
/// broadcast operands need no special handling), or a convolution's input and output read and written in place.
/// </summary>
internal static unsafe class GemmDriver<T, TKernel>
    where T : unmanaged, INumber<T>
    where TKernel : struct, IGemmMicroKernel<T>
{
    /// <summary>Cap on a packed band of A (elements): 8 MiB of float, so it stays in L3 and buffers stay small.</summary>
    const int MaxPackedBand = 1 << 21;

    // Per-thread packing buffers, pinned and grown on demand: no allocation per call.
    [ThreadStatic] static T[]? packedA;
    [ThreadStatic] static T[]? packedB;

    /// <summary>C = A @ B (or C += A @ B) on up to <paramref name="threads"/> threads; k must be > 0.</summary>
    public static void Run<TA, TB, TC>(int m, int n, int k, TA a, TB b, TC c, bool accumulate, int threads)
        where TA : struct, IPanelSource<T> where TB : struct, IPanelSource<T> where TC : struct, ITileTarget<T>
    {
        var plan = Plan(m, n, k, threads);
        if (plan.Workers > 1)
        {
            RunParallel(plan, a, b, c, accumulate);
            return;
        }
        int next = 0;
        Work(plan, a, b, c, accumulate, ref next);
    }

    /// <summary>Separate from <see cref="Run"/> so that serial calls do not allocate the lambda's closure.</summary>
    static void RunParallel<TA, TB, TC>(ChunkPlan plan, TA a, TB b, TC c, bool accumulate)
        where TA : struct, IPanelSource<T> where TB : struct, IPanelSource<T> where TC : struct, ITileTarget<T>
    {
        // The calling thread is one of the workers; the shared counter hands out chunks, so if a helper starts
        // late (or never, on a busy machine) the others simply take its chunks.
        var counter = new StrongBox<int>(0);
        ParallelTeam.For(plan.Workers, _ => Work(plan, a, b, c, accumulate, ref counter.Value));
    }

    /// <summary>
    /// C split into <c>Bands</c> x <c>Strips</c> chunks. Boundaries are spread evenly over whole MR x NR tiles, so
    /// chunks differ by at most one panel and no tile straddles two chunks.
    /// </summary>
    readonly record struct ChunkPlan(int M, int N, int K, int Bands, int Strips, int Workers)
    {
        public int Chunks => Bands * Strips;
        /// <summary>Most rows in a band (a multiple of MR): sizes the packed band of A.</summary>
        public int MaxHeight => Ceil(Ceil(M, TKernel.MR), Bands) * TKernel.MR;
        public int MaxWidth => Ceil(Ceil(N, TKernel.NR), Strips) * TKernel.NR;
        public int RowStart(int band) => (int)((long)Ceil(M, TKernel.MR) * band / Bands) * TKernel.MR;
        public int ColStart(int strip) => (int)((long)Ceil(N, TKernel.NR) * strip / Strips) * TKernel.NR;
        /// <summary>
        /// Depth of a k slice: at most KC, with the slices of equal depth (k = 576 runs as 3 x 192 rather than
        /// 256 + 256 + 64, whose shallow last slice loads and stores C for little work).
        /// </summary>
        public int SliceDepth => Ceil(K, Ceil(K, TKernel.KC));
    }

    static ChunkPlan Plan(int m, int n, int k, int threads)
    {
        int mPanels = Ceil(m, TKernel.MR), nPanels = Ceil(n, TKernel.NR);
        // Fewest bands and strips that keep a packed band of A under the cap and a strip of B within NC.
        int bands = Ceil(mPanels, Math.Max(TKernel.MC, MaxPackedBand / k) / TKernel.MR);
        int strips = Ceil(nPanels, TKernel.NC / TKernel.NR);
        if (threads > 1)
        {
            // About four chunks per thread absorb uneven progress. Cut columns first: more strips cost nothing
            // (B is packed once per band), while more bands re-pack B.
            int chunks = 4 * threads;
            strips = Math.Max(strips, Math.Min(nPanels, chunks));
            if (strips < 2 * threads) bands = Math.Max(bands, Math.Min(mPanels, Ceil(chunks, strips)));
        }
        return new(m, n, k, bands, strips, Math.Min(threads, bands * strips));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Work<TA, TB, TC>(in ChunkPlan plan, TA a, TB b, TC c, bool accumulate, ref int next)
        where TA : struct, IPanelSource<T> where TB : struct, IPanelSource<T> where TC : struct, ITileTarget<T>
    {
        int mr = TKernel.MR, nr = TKernel.NR, k = plan.K, kcMax = plan.SliceDepth;
        // Keep the whole band of A packed across strips unless k is so deep that only one slice fits the cap.
        bool keepBand = (long)plan.MaxHeight * k <= MaxPackedBand;
        // The edge tile comes first: MR*NR elements keep the A panels 64-byte aligned behind it.
        T* tile = Buffer(ref packedA, mr * nr + plan.MaxHeight * (keepBand ? k : kcMax));
        T* pa = tile + mr * nr;
        T* pb = Buffer(ref packedB, plan.MaxWidth * kcMax);
        fixed (T* c0 = c.Array)
        {
            int packedBand = -1;
            for (int chunk = Interlocked.Increment(ref next) - 1; chunk < plan.Chunks; chunk = Interlocked.Increment(ref next) - 1)
            {
                int band = chunk / plan.Strips, strip = chunk % plan.Strips;
                int i0 = plan.RowStart(band), rows = Math.Min(plan.M, plan.RowStart(band + 1)) - i0;
                int j0 = plan.ColStart(strip), cols = Math.Min(plan.N, plan.ColStart(strip + 1)) - j0;
                int height = RoundUp(rows, mr);
                if (keepBand && band != packedBand)
                {
                    // Slice pc of the band sits at height*pc: height/MR panels of kc steps each.
                    for (int pc = 0; pc < k; pc += kcMax)
                        a.Pack(mr, i0, rows, pc, Math.Min(kcMax, k - pc), pa + height * pc);
                    packedBand = band;
                }
                for (int pc = 0; pc < k; pc += kcMax)
                {
                    int kc = Math.Min(kcMax, k - pc);
                    b.Pack(nr, j0, cols, pc, kc, pb);
                    T* slice = pa + height * pc;
                    if (!keepBand)
                    {
                        slice = pa;
                        a.Pack(mr, i0, rows, pc, kc, slice);
                    }
                    for (int ic = 0; ic < rows; ic += TKernel.MC)
                        MacroKernel(i0 + ic, j0, Math.Min(TKernel.MC, rows - ic), cols, kc, slice + ic * kc, pb,
                            c, c0, accumulate || pc > 0, tile);
                }
            }
        }
    }

    /// <summary>All MR x NR tiles of an mc x nc block of C at (i0, j0); the B panel (L1) is reused across the A block (L2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void MacroKernel<TC>(int i0, int j0, int mc, int nc, int kc, T* pa, T* pb, TC c, T* c0, bool add, T* tile)
        where TC : struct, ITileTarget<T>
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            T* bPanel = pb + jr * kc;
            for (int ir = 0; ir < mc; ir += mr)
            {
                int rows = Math.Min(mr, mc - ir);
                nint offset = c.Offset(i0 + ir, j0 + jr, cols, out nint ldc);
                if (rows == mr && cols == nr && offset >= 0)
                {
                    TKernel.Run(kc, pa + ir * kc, bPanel, c0 + offset, ldc, add);
                    continue;
                }
                // Edge tile, or one C does not hold as a strided block: compute the full (padded) tile aside, then
                // let the target write only the valid part.
                TKernel.Run(kc, pa + ir * kc, bPanel, tile, nr, false);
                c.Write(i0 + ir, j0 + jr, rows, cols, tile, nr, add);
            }
        }
    }

    /// <summary>A 64-byte aligned view of a per-thread buffer of at least <paramref name="length"/> elements.</summary>
    static T* Buffer(ref T[]? buffer, int length)
    {
        const int Align = 64;
        int padded = length + Align / sizeof(T);
        if (buffer is null || buffer.Length < padded)
            buffer = GC.AllocateUninitializedArray<T>(padded, pinned: true);
        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (T*)((start + Align - 1) & ~(nint)(Align - 1));
    }

    static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;

    static int Ceil(int x, int y) => (x + y - 1) / y;
}
