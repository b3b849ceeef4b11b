using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GenCourse.Kernels;

/// <summary>
/// Packing of operand panels for <see cref="GemmDriver{T, TKernel}"/>. A panel is <c>width</c> lines (rows of A, or
/// columns of B) interleaved step by step along k: dst[p*width + r] = src[r*lineStride + p*stepStride], zero-padded
/// beyond the valid lines. A row-major A and a transposed B both have contiguous lines and need a transpose; a
/// transposed A and a row-major B have contiguous steps and need a copy; anything else is gathered element-wise.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <remarks>
    /// Panels start <paramref name="panelStride"/> elements apart (default width*kc): a larger stride packs kc steps
    /// into part of wider panels, as when an operand's k index is cut into pieces (one per image).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackPanels<T>(int width, int lines, int kc, T* src, nint lineStride, nint stepStride, T* dst,
        nint panelStride = 0) where T : unmanaged, INumber<T>
    {
        if (panelStride == 0) panelStride = width * kc;
        for (int r0 = 0; r0 < lines; r0 += width, dst += panelStride)
        {
            int valid = Math.Min(width, lines - r0);
            T* s = src + r0 * lineStride;
            if (valid == width && stepStride == 1) Transpose(width, kc, s, lineStride, dst);
            else if (valid == width && lineStride == 1) Copy(width, kc, s, stepStride, dst);
            else Gather(width, valid, kc, s, lineStride, stepStride, dst);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Gather<T>(int width, int valid, int kc, T* src, nint lineStride, nint stepStride, T* dst)
        where T : unmanaged, INumber<T>
    {
        for (int p = 0; p < kc; p++, dst += width)
        {
            int r = 0;
            for (; r < valid; r++) dst[r] = src[r * lineStride + p * stepStride];
            for (; r < width; r++) dst[r] = T.Zero;
        }
    }

    /// <summary>Each step's <c>width</c> values are contiguous in the source: copy them with vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Copy<T>(int width, int kc, T* src, nint stepStride, T* dst) where T : unmanaged, INumber<T>
    {
        for (int p = 0; p < kc; p++, src += stepStride, dst += width)
        {
            int r = 0;
            for (; r <= width - Vector256<T>.Count; r += Vector256<T>.Count) Vector256.Store(Vector256.Load(src + r), dst + r);
            for (; r <= width - Vector128<T>.Count; r += Vector128<T>.Count) Vector128.Store(Vector128.Load(src + r), dst + r);
            for (; r < width; r++) dst[r] = src[r];
        }
    }

    /// <summary>Each line is contiguous along k: transpose blocks in registers (AVX), element-wise otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Transpose<T>(int width, int kc, T* src, nint lineStride, T* dst) where T : unmanaged, INumber<T>
    {
        int done = 0;
        if (Avx.IsSupported && typeof(T) == typeof(float))
            done = TransposeFloat(width, kc, (float*)src, lineStride, (float*)dst);
        else if (Avx.IsSupported && typeof(T) == typeof(double))
            done = TransposeDouble(width, kc, (double*)src, lineStride, (double*)dst);
        for (int r = 0; r < width; r++)
            for (int p = done; p < kc; p++)
                dst[p * width + r] = src[r * lineStride + p];
    }

    /// <summary>8x8 transposes for widths that are multiples of 8; lines 0-5 padded to 8 for width 6. Returns steps done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int TransposeFloat(int width, int kc, float* src, nint lineStride, float* dst)
    {
        if (width % 8 != 0 && width != 6) return 0;
        int steps = kc & ~7;
        for (int g = 0; g < width; g += 8)
        {
            float* s = src + g * lineStride;
            // Width 6 re-reads line 5 as lines 6 and 7; their lanes are never stored.
            nint l6 = width == 6 ? 5 * lineStride : 6 * lineStride, l7 = width == 6 ? 5 * lineStride : 7 * lineStride;
            for (int p = 0; p < steps; p += 8)
            {
                var r0 = Avx.LoadVector256(s + p);
                var r1 = Avx.LoadVector256(s + lineStride + p);
                var r2 = Avx.LoadVector256(s + 2 * lineStride + p);
                var r3 = Avx.LoadVector256(s + 3 * lineStride + p);
                var r4 = Avx.LoadVector256(s + 4 * lineStride + p);
                var r5 = Avx.LoadVector256(s + 5 * lineStride + p);
                var r6 = Avx.LoadVector256(s + l6 + p);
                var r7 = Avx.LoadVector256(s + l7 + p);
                Transpose8x8(r0, r1, r2, r3, r4, r5, r6, r7, dst + p * width + g, width, width);
            }
        }
        return steps;
    }

    /// <summary>
    /// Stores the transpose of the 8x8 block whose rows are r0..r7: step t (lane t of every row) goes to
    /// dst + t*dstStride, all 8 values, or the first 6 when <paramref name="width"/> is 6.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose8x8(Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7, float* dst, nint dstStride, int width)
    {
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        StoreStep(dst, width, Avx.Permute2x128(u0, u4, 0x20));
        StoreStep(dst + dstStride, width, Avx.Permute2x128(u1, u5, 0x20));
        StoreStep(dst + 2 * dstStride, width, Avx.Permute2x128(u2, u6, 0x20));
        StoreStep(dst + 3 * dstStride, width, Avx.Permute2x128(u3, u7, 0x20));
        StoreStep(dst + 4 * dstStride, width, Avx.Permute2x128(u0, u4, 0x31));
        StoreStep(dst + 5 * dstStride, width, Avx.Permute2x128(u1, u5, 0x31));
        StoreStep(dst + 6 * dstStride, width, Avx.Permute2x128(u2, u6, 0x31));
        StoreStep(dst + 7 * dstStride, width, Avx.Permute2x128(u3, u7, 0x31));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void StoreStep(float* d, int width, Vector256<float> v)
    {
        if (width == 6)
        {
            Sse.Store(d, v.GetLower());
            Sse.StoreLow(d + 4, v.GetUpper());
        }
        else Avx.Store(d, v);
    }

    /// <summary>4x4 transposes for widths that are multiples of 4, plus a 2-line tail for width 6. Returns steps done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int TransposeDouble(int width, int kc, double* src, nint lineStride, double* dst)
    {
        if (width % 4 != 0 && width != 6) return 0;
        int steps = kc & ~3;
        for (int g = 0; g + 4 <= width; g += 4)
        {
            double* s = src + g * lineStride;
            for (int p = 0; p < steps; p += 4)
            {
                var r0 = Avx.LoadVector256(s + p);
                var r1 = Avx.LoadVector256(s + lineStride + p);
                var r2 = Avx.LoadVector256(s + 2 * lineStride + p);
                var r3 = Avx.LoadVector256(s + 3 * lineStride + p);
                var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
                var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
                double* d = dst + p * width + g;
                Avx.Store(d, Avx.Permute2x128(t0, t2, 0x20));
                Avx.Store(d + width, Avx.Permute2x128(t1, t3, 0x20));
                Avx.Store(d + 2 * width, Avx.Permute2x128(t0, t2, 0x31));
                Avx.Store(d + 3 * width, Avx.Permute2x128(t1, t3, 0x31));
            }
        }
        if (width == 6)
        {
            double* s = src + 4 * lineStride;
            for (int p = 0; p < steps; p += 4)
            {
                var r4 = Avx.LoadVector256(s + p);
                var r5 = Avx.LoadVector256(s + lineStride + p);
                var lo = Avx.UnpackLow(r4, r5);   // steps 0 and 2
                var hi = Avx.UnpackHigh(r4, r5);  // steps 1 and 3
                double* d = dst + p * 6 + 4;
                Sse2.Store(d, lo.GetLower());
                Sse2.Store(d + 6, hi.GetLower());
                Sse2.Store(d + 12, lo.GetUpper());
                Sse2.Store(d + 18, hi.GetUpper());
            }
        }
        return steps;
    }
}
