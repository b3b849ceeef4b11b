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
    /// <summary>Cap on a packed band of A (elements): 8 MiB of float, so it stays in L3 and memory stays small.</summary>
    const int MaxPackedBand = 1 << 21;

    // Per-thread packing buffers, pinned and grown on demand: no allocation per call.
    [ThreadStatic] static T[]? packedA;
    [ThreadStatic] static T[]? packedB;

    /// <summary>C = A @ B (or C += A @ B) on up to <paramref name="threads"/> threads; k must be > 0.</summary>
    public static void Run(int m, int n, int k, T[] a, int aOff, int aRs, int aCs, T[] b, int bOff, int bRs, int bCs,
        T[] c, int cOff, int ldc, bool accumulate, int threads)
    {
        var plan = Plan(m, n, k, threads);
        if (plan.Workers == 1)
        {
            int next = 0;
            Work(plan, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate, ref next);
            return;
        }
        var counter = new StrongBox<int>(0);
        Parallel.For(0, plan.Workers, _ => Work(plan, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate, ref counter.Value));
    }

    /// <summary>Chunks of <c>Height</c> rows by <c>Width</c> columns; <c>Strips</c> chunks per band.</summary>
    readonly record struct ChunkPlan(int M, int N, int K, int Height, int Width, int Bands, int Strips, int Workers);

    static ChunkPlan Plan(int m, int n, int k, int threads)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        int maxHeight = Math.Max(TKernel.MC, MaxPackedBand / k / TKernel.MC * TKernel.MC);
        if (threads == 1)
        {
            int w = Math.Min(RoundUp(n, nr), TKernel.NC), h = Math.Min(RoundUp(m, mr), maxHeight);
            return new(m, n, k, h, w, Ceil(m, h), Ceil(n, w), 1);
        }
        // About three chunks per thread absorb uneven progress; strips of at least 4 panels amortise packing B.
        int chunks = 3 * threads;
        int width = Math.Clamp(RoundUp(Ceil(n, chunks), nr), 4 * nr, TKernel.NC);
        int strips = Ceil(n, width);
        int bands = strips >= 2 * threads ? 1 : Ceil(chunks, strips);
        int height = Math.Min(RoundUp(Ceil(m, bands), mr), maxHeight);
        bands = Ceil(m, height);
        return new(m, n, k, height, width, bands, strips, Math.Min(threads, bands * strips));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Work(in ChunkPlan plan, T[] a, int aOff, nint aRs, nint aCs, T[] b, int bOff, nint bRs, nint bCs,
        T[] c, int cOff, nint ldc, bool accumulate, ref int next)
    {
        int mr = TKernel.MR, nr = TKernel.NR, k = plan.K, kcMax = Math.Min(TKernel.KC, k);
        int bandSize = plan.Height * k;   // Height is a multiple of MR, so whole panels
        // The edge tile comes first: MR*NR elements keep the A panels 64-byte aligned behind it.
        T* tile = Buffer(ref packedA, mr * nr + bandSize);
        T* pa = tile + mr * nr;
        T* pb = Buffer(ref packedB, plan.Width * kcMax);
        fixed (T* a0 = a, b0 = b, c0 = c)
        {
            int packedBand = -1;
            for (int chunk = Interlocked.Increment(ref next) - 1; chunk < plan.Bands * plan.Strips;
                 chunk = Interlocked.Increment(ref next) - 1)
            {
                int band = chunk / plan.Strips, i0 = band * plan.Height, rows = Math.Min(plan.Height, plan.M - i0);
                int j0 = chunk % plan.Strips * plan.Width, cols = Math.Min(plan.Width, plan.N - j0);
                if (band != packedBand)
                {
                    // Slice pc of the band sits at rows*pc: each slice is rows/MR panels of kc steps.
                    int height = RoundUp(rows, mr);
                    for (int pc = 0; pc < k; pc += TKernel.KC)
                        GemmPacking.PackPanels(mr, rows, Math.Min(TKernel.KC, k - pc), a0 + aOff + i0 * aRs + pc * aCs,
                            aRs, aCs, pa + height * pc);
                    packedBand = band;
                }
                for (int pc = 0; pc < k; pc += TKernel.KC)
                {
                    int kc = Math.Min(TKernel.KC, k - pc);
                    GemmPacking.PackPanels(nr, cols, kc, b0 + bOff + pc * bRs + j0 * bCs, bCs, bRs, pb);
                    T* slice = pa + RoundUp(rows, mr) * pc;
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
