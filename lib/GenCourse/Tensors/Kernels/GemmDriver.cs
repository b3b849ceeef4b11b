using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
                PackB(kc, nc, b + pc * bRs + jc * bCs, bRs, bCs, pb);
                bool add = accumulate || pc > 0;
                for (int ic = 0; ic < m; ic += TKernel.MC)
                {
                    int mc = Math.Min(TKernel.MC, m - ic);
                    PackA(mc, kc, a + ic * aRs + pc * aCs, aRs, aCs, pa);
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

    /// <summary>Packs an mc x kc block of A into MR-row panels, each stored as kc columns of MR values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void PackA(int mc, int kc, T* a, nint rs, nint cs, T* dst)
    {
        int mr = TKernel.MR;
        for (int i0 = 0; i0 < mc; i0 += mr, dst += mr * kc)
        {
            int rows = Math.Min(mr, mc - i0);
            T* src = a + i0 * rs;
            if (rows == mr && cs == 1)
            {
                // Row-major A: stream along each row.
                for (int r = 0; r < mr; r++)
                {
                    T* s = src + r * rs;
                    T* d = dst + r;
                    for (int p = 0; p < kc; p++) d[p * mr] = s[p];
                }
            }
            else if (rows == mr && rs == 1)
            {
                // Column-major (transposed) A: each panel column is contiguous.
                for (int p = 0; p < kc; p++)
                {
                    T* s = src + p * cs;
                    T* d = dst + p * mr;
                    for (int r = 0; r < mr; r++) d[r] = s[r];
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                    for (int r = 0; r < mr; r++)
                        dst[p * mr + r] = r < rows ? src[r * rs + p * cs] : T.Zero;
            }
        }
    }

    /// <summary>Packs a kc x nc block of B into NR-column panels, each stored as kc rows of NR values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void PackB(int kc, int nc, T* b, nint rs, nint cs, T* dst)
    {
        int nr = TKernel.NR;
        for (int j0 = 0; j0 < nc; j0 += nr, dst += nr * kc)
        {
            int cols = Math.Min(nr, nc - j0);
            T* src = b + j0 * cs;
            if (cols == nr && cs == 1)
            {
                // Row-major B: each panel row is a contiguous copy.
                for (int p = 0; p < kc; p++)
                    CopyRow(src + p * rs, dst + p * nr);
            }
            else if (cols == nr && rs == 1)
            {
                // Column-major (transposed) B: stream down each column.
                for (int j = 0; j < nr; j++)
                {
                    T* s = src + j * cs;
                    T* d = dst + j;
                    for (int p = 0; p < kc; p++) d[p * nr] = s[p];
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                    for (int j = 0; j < nr; j++)
                        dst[p * nr + j] = j < cols ? src[p * rs + j * cs] : T.Zero;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void CopyRow(T* s, T* d)
    {
        int nr = TKernel.NR;
        if (Vector256.IsHardwareAccelerated && nr % Vector256<T>.Count == 0)
            for (int j = 0; j < nr; j += Vector256<T>.Count) Vector256.Store(Vector256.Load(s + j), d + j);
        else if (nr % Vector128<T>.Count == 0)
            for (int j = 0; j < nr; j += Vector128<T>.Count) Vector128.Store(Vector128.Load(s + j), d + j);
        else
            for (int j = 0; j < nr; j++) d[j] = s[j];
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
