using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GenCourse.Kernels;

/// <summary>
/// GotoBLAS/BLIS loop nest around a micro-kernel. C is cut into chunks (a band of rows x a strip of columns) that
/// workers take in order from a shared counter, so a late or slowed thread simply takes fewer chunks. A worker packs
/// its band of A once (MR-row panels, all of k) and keeps it for every strip of that band; per KC-deep slice it packs
/// the strip of B into NR-column panels and sweeps the micro-kernel over MC-row blocks. Packing reads any strides,
/// so transposed or broadcast operands need no special handling.
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
    public static void Run(int m, int n, int k, T[] a, int aOff, int aRs, int aCs, T[] b, int bOff, int bRs, int bCs,
        T[] c, int cOff, int ldc, bool accumulate, int threads)
    {
        var plan = Plan(m, n, k, threads);
        if (plan.Workers > 1)
        {
            RunParallel(plan, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
            return;
        }
        int next = 0;
        Work(plan, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate, ref next);
    }

    /// <summary>Separate from <see cref="Run"/> so that serial calls do not allocate the lambda's closure.</summary>
    static void RunParallel(ChunkPlan plan, T[] a, int aOff, int aRs, int aCs, T[] b, int bOff, int bRs, int bCs,
        T[] c, int cOff, int ldc, bool accumulate)
    {
        // The calling thread is one of the workers; the shared counter hands out chunks, so if a pool thread starts
        // late (or never, on a busy machine) the others simply take its chunks.
        var counter = new StrongBox<int>(0);
        Parallel.For(0, plan.Workers, _ => Work(plan, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate, ref counter.Value));
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
    static void Work(in ChunkPlan plan, T[] a, int aOff, nint aRs, nint aCs, T[] b, int bOff, nint bRs, nint bCs,
        T[] c, int cOff, nint ldc, bool accumulate, ref int next)
    {
        int mr = TKernel.MR, nr = TKernel.NR, k = plan.K, kcMax = Math.Min(TKernel.KC, k);
        // Keep the whole band of A packed across strips unless k is so deep that only one slice fits the cap.
        bool keepBand = (long)plan.MaxHeight * k <= MaxPackedBand;
        // The edge tile comes first: MR*NR elements keep the A panels 64-byte aligned behind it.
        T* tile = Buffer(ref packedA, mr * nr + plan.MaxHeight * (keepBand ? k : kcMax));
        T* pa = tile + mr * nr;
        T* pb = Buffer(ref packedB, plan.MaxWidth * kcMax);
        fixed (T* a0 = a, b0 = b, c0 = c)
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
                    for (int pc = 0; pc < k; pc += TKernel.KC)
                        GemmPacking.PackPanels(mr, rows, Math.Min(TKernel.KC, k - pc), a0 + aOff + i0 * aRs + pc * aCs,
                            aRs, aCs, pa + height * pc);
                    packedBand = band;
                }
                for (int pc = 0; pc < k; pc += TKernel.KC)
                {
                    int kc = Math.Min(TKernel.KC, k - pc);
                    GemmPacking.PackPanels(nr, cols, kc, b0 + bOff + pc * bRs + j0 * bCs, bCs, bRs, pb);
                    T* slice = pa + height * pc;
                    if (!keepBand)
                    {
                        slice = pa;
                        GemmPacking.PackPanels(mr, rows, kc, a0 + aOff + i0 * aRs + pc * aCs, aRs, aCs, slice);
                    }
                    for (int ic = 0; ic < rows; ic += TKernel.MC)
                        MacroKernel(Math.Min(TKernel.MC, rows - ic), cols, kc, slice + ic * kc, pb,
                            c0 + cOff + (i0 + ic) * ldc + j0, ldc, accumulate || pc > 0, tile);
                }
            }
        }
    }

    /// <summary>All MR x NR tiles of an mc x nc block of C; the B panel (L1) is reused across the A block (L2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void MacroKernel(int mc, int nc, int kc, T* pa, T* pb, T* c, nint ldc, bool add, T* tile)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            T* bPanel = pb + jr * kc;
            for (int ir = 0; ir < mc; ir += mr)
            {
                int rows = Math.Min(mr, mc - ir);
                T* cTile = c + ir * ldc + jr;
                if (rows == mr && cols == nr)
                {
                    TKernel.Run(kc, pa + ir * kc, bPanel, cTile, ldc, add);
                    continue;
                }
                // Edge tile: compute the full (zero-padded) tile aside, then write only the valid part.
                TKernel.Run(kc, pa + ir * kc, bPanel, tile, nr, false);
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++)
                        cTile[i * ldc + j] = add ? cTile[i * ldc + j] + tile[i * nr + j] : tile[i * nr + j];
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
