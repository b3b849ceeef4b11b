using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GenCourse.Kernels;

/// <summary>
/// Single-threaded GotoBLAS/BLIS loop nest around a micro-kernel: for each NC-wide column block and KC-deep slice,
/// pack B into NR-column panels; for each MC-row block, pack A into MR-row panels; then sweep the micro-kernel over
/// the MR x NR tiles. Packing reads any strides, so transposed or broadcast operands need no special handling.
/// </summary>
internal static unsafe class GemmDriver<T, TKernel>
    where T : unmanaged, INumber<T>
    where TKernel : struct, IGemmMicroKernel<T>
{
    // Per-thread packing buffers, pinned and grown on demand: no allocation per call.
    [ThreadStatic] static T[]? packedA;
    [ThreadStatic] static T[]? packedB;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int m, int n, int k, T* a, nint aRs, nint aCs, T* b, nint bRs, nint bCs,
        T* c, nint ldc, bool accumulate)
    {
        int mr = TKernel.MR, nr = TKernel.NR, kcMax = Math.Min(TKernel.KC, k);
        int mcMax = RoundUp(Math.Min(TKernel.MC, m), mr), ncMax = RoundUp(Math.Min(TKernel.NC, n), nr);
        // The edge tile comes first: MR*NR elements keep the A panels 64-byte aligned behind it.
        T* tile = Buffer(ref packedA, mr * nr + mcMax * kcMax);
        T* pa = tile + mr * nr;
        T* pb = Buffer(ref packedB, ncMax * kcMax);

        for (int jc = 0; jc < n; jc += TKernel.NC)
        {
            int nc = Math.Min(TKernel.NC, n - jc);
            for (int pc = 0; pc < k; pc += TKernel.KC)
            {
                int kc = Math.Min(TKernel.KC, k - pc);
                GemmPacking.PackPanels(TKernel.NR, nc, kc, b + pc * bRs + jc * bCs, bCs, bRs, pb);
                bool add = accumulate || pc > 0;
                for (int ic = 0; ic < m; ic += TKernel.MC)
                {
                    int mc = Math.Min(TKernel.MC, m - ic);
                    GemmPacking.PackPanels(TKernel.MR, mc, kc, a + ic * aRs + pc * aCs, aRs, aCs, pa);
                    MacroKernel(mc, nc, kc, pa, pb, c + ic * ldc + jc, ldc, add, tile);
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
}
