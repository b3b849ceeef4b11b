using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace GenCourse.Kernels;

/// <summary>
/// A register-blocked micro-kernel: computes one MR x NR tile of C from a packed A panel (kc steps of MR values)
/// and a packed B panel (kc steps of NR values), then stores it (or adds it when <c>add</c>) at c with row stride ldc.
/// Block sizes travel with the kernel because they depend on the tile shape and the element size.
/// </summary>
internal unsafe interface IGemmMicroKernel<T> where T : unmanaged
{
    static abstract int MR { get; }
    static abstract int NR { get; }
    /// <summary>Depth of a packed panel: MR*KC (A) plus NR*KC (B) elements should stay in L1 (32 KiB).</summary>
    static abstract int KC { get; }
    /// <summary>Rows of A packed at once: MC*KC elements should stay in L2 (512 KiB).</summary>
    static abstract int MC { get; }
    /// <summary>Columns of B packed at once: KC*NC elements live in L3.</summary>
    static abstract int NC { get; }
    static abstract void Run(nint kc, T* a, T* b, T* c, nint ldc, bool add);
}

/// <summary>
/// float32 6x16 tile: 12 Vector256 accumulators + 2 B vectors + 1 broadcast fill the 16 ymm registers. The kernel
/// for x64 machines with FMA but without AVX-512 (<see cref="Avx512Kernel{T}"/> takes over where AVX-512 exists).
/// </summary>
internal readonly unsafe struct Fma6x16Float : IGemmMicroKernel<float>
{
    public static int MR => 6;
    public static int NR => 16;
    // BLIS's Zen block sizes; KC = 384 or 512 measured within noise of 256 here.
    public static int KC => 256;   // 6 KiB of A + 16 KiB of B per micro-panel pair
    public static int MC => 144;   // 144 KiB A block
    public static int NC => 4080;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, float* a, float* b, float* c, nint ldc, bool add)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        // C tiles usually come from L3: start fetching them now rather than stall on them after the loop.
        for (nint i = 0; i < 6; i++) { Sse.Prefetch0(c + i * ldc); Sse.Prefetch0(c + i * ldc + 15); }
        for (nint p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadVector256(b);
            var b1 = Avx.LoadVector256(b + 8);
            var ai = Avx.BroadcastScalarToVector256(a);
            c00 = Fma.MultiplyAdd(ai, b0, c00); c01 = Fma.MultiplyAdd(ai, b1, c01);
            ai = Avx.BroadcastScalarToVector256(a + 1);
            c10 = Fma.MultiplyAdd(ai, b0, c10); c11 = Fma.MultiplyAdd(ai, b1, c11);
            ai = Avx.BroadcastScalarToVector256(a + 2);
            c20 = Fma.MultiplyAdd(ai, b0, c20); c21 = Fma.MultiplyAdd(ai, b1, c21);
            ai = Avx.BroadcastScalarToVector256(a + 3);
            c30 = Fma.MultiplyAdd(ai, b0, c30); c31 = Fma.MultiplyAdd(ai, b1, c31);
            ai = Avx.BroadcastScalarToVector256(a + 4);
            c40 = Fma.MultiplyAdd(ai, b0, c40); c41 = Fma.MultiplyAdd(ai, b1, c41);
            ai = Avx.BroadcastScalarToVector256(a + 5);
            c50 = Fma.MultiplyAdd(ai, b0, c50); c51 = Fma.MultiplyAdd(ai, b1, c51);
            a += 6;
            b += 16;
        }
        Update(c, c00, add); Update(c + 8, c01, add); c += ldc;
        Update(c, c10, add); Update(c + 8, c11, add); c += ldc;
        Update(c, c20, add); Update(c + 8, c21, add); c += ldc;
        Update(c, c30, add); Update(c + 8, c31, add); c += ldc;
        Update(c, c40, add); Update(c + 8, c41, add); c += ldc;
        Update(c, c50, add); Update(c + 8, c51, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Update(float* c, Vector256<float> v, bool add) => Avx.Store(c, add ? Avx.Add(Avx.LoadVector256(c), v) : v);
}

/// <summary>float64 6x8 tile: the same register budget as <see cref="Fma6x16Float"/> with 4 doubles per vector.</summary>
internal readonly unsafe struct Fma6x8Double : IGemmMicroKernel<double>
{
    public static int MR => 6;
    public static int NR => 8;
    public static int KC => 256;   // 12 KiB of A + 16 KiB of B per micro-panel pair
    public static int MC => 72;    // 144 KiB A block
    public static int NC => 4080;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, double* a, double* b, double* c, nint ldc, bool add)
    {
        Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<double> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (nint i = 0; i < 6; i++) { Sse.Prefetch0(c + i * ldc); Sse.Prefetch0(c + i * ldc + 7); }
        for (nint p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadVector256(b);
            var b1 = Avx.LoadVector256(b + 4);
            var ai = Avx.BroadcastScalarToVector256(a);
            c00 = Fma.MultiplyAdd(ai, b0, c00); c01 = Fma.MultiplyAdd(ai, b1, c01);
            ai = Avx.BroadcastScalarToVector256(a + 1);
            c10 = Fma.MultiplyAdd(ai, b0, c10); c11 = Fma.MultiplyAdd(ai, b1, c11);
            ai = Avx.BroadcastScalarToVector256(a + 2);
            c20 = Fma.MultiplyAdd(ai, b0, c20); c21 = Fma.MultiplyAdd(ai, b1, c21);
            ai = Avx.BroadcastScalarToVector256(a + 3);
            c30 = Fma.MultiplyAdd(ai, b0, c30); c31 = Fma.MultiplyAdd(ai, b1, c31);
            ai = Avx.BroadcastScalarToVector256(a + 4);
            c40 = Fma.MultiplyAdd(ai, b0, c40); c41 = Fma.MultiplyAdd(ai, b1, c41);
            ai = Avx.BroadcastScalarToVector256(a + 5);
            c50 = Fma.MultiplyAdd(ai, b0, c50); c51 = Fma.MultiplyAdd(ai, b1, c51);
            a += 6;
            b += 8;
        }
        Update(c, c00, add); Update(c + 4, c01, add); c += ldc;
        Update(c, c10, add); Update(c + 4, c11, add); c += ldc;
        Update(c, c20, add); Update(c + 4, c21, add); c += ldc;
        Update(c, c30, add); Update(c + 4, c31, add); c += ldc;
        Update(c, c40, add); Update(c + 4, c41, add); c += ldc;
        Update(c, c50, add); Update(c + 4, c51, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Update(double* c, Vector256<double> v, bool add) => Avx.Store(c, add ? Avx.Add(Avx.LoadVector256(c), v) : v);
}

/// <summary>
/// Portable fallback (arm64, x64 without FMA): a 6 x (2 Vector128) tile. 12 accumulators fit both the 16 x64 and
/// the 32 arm64 vector registers; AdvSimd fuses the multiply-add where available.
/// </summary>
internal readonly unsafe struct PortableKernel<T> : IGemmMicroKernel<T> where T : unmanaged, INumber<T>
{
    public static int MR => 6;
    public static int NR => 2 * Vector128<T>.Count;
    public static int KC => 256;
    public static int MC => sizeof(T) == 4 ? 144 : 72;   // 144 KiB A block
    public static int NC => 4080;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, T* a, T* b, T* c, nint ldc, bool add)
    {
        int w = Vector128<T>.Count;
        Vector128<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector128<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (nint p = 0; p < kc; p++)
        {
            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + w);
            var ai = Vector128.Create(a[0]);
            c00 = MultiplyAdd(ai, b0, c00); c01 = MultiplyAdd(ai, b1, c01);
            ai = Vector128.Create(a[1]);
            c10 = MultiplyAdd(ai, b0, c10); c11 = MultiplyAdd(ai, b1, c11);
            ai = Vector128.Create(a[2]);
            c20 = MultiplyAdd(ai, b0, c20); c21 = MultiplyAdd(ai, b1, c21);
            ai = Vector128.Create(a[3]);
            c30 = MultiplyAdd(ai, b0, c30); c31 = MultiplyAdd(ai, b1, c31);
            ai = Vector128.Create(a[4]);
            c40 = MultiplyAdd(ai, b0, c40); c41 = MultiplyAdd(ai, b1, c41);
            ai = Vector128.Create(a[5]);
            c50 = MultiplyAdd(ai, b0, c50); c51 = MultiplyAdd(ai, b1, c51);
            a += 6;
            b += 2 * w;
        }
        Update(c, c00, add); Update(c + w, c01, add); c += ldc;
        Update(c, c10, add); Update(c + w, c11, add); c += ldc;
        Update(c, c20, add); Update(c + w, c21, add); c += ldc;
        Update(c, c30, add); Update(c + w, c31, add); c += ldc;
        Update(c, c40, add); Update(c + w, c41, add); c += ldc;
        Update(c, c50, add); Update(c + w, c51, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<T> MultiplyAdd(Vector128<T> x, Vector128<T> y, Vector128<T> acc)
    {
        if (typeof(T) == typeof(float) && AdvSimd.IsSupported)
            return AdvSimd.FusedMultiplyAdd(acc.AsSingle(), x.AsSingle(), y.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double) && AdvSimd.Arm64.IsSupported)
            return AdvSimd.Arm64.FusedMultiplyAdd(acc.AsDouble(), x.AsDouble(), y.AsDouble()).As<double, T>();
        return acc + x * y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Update(T* c, Vector128<T> v, bool add) => (add ? Vector128.Load(c) + v : v).Store(c);
}

/// <summary>
/// The fastest micro-kernel this machine has for T: <see cref="Avx512Kernel{T}"/> with AVX-512, else <see cref="Fma6x16Float"/> or <see cref="Fma6x8Double"/> with FMA, else <see cref="PortableKernel{T}"/>. The type and ISA tests are JIT-time constants, so
/// each instantiation compiles down to one kernel; generic code (the convolution) uses it to reach the typed kernels.
/// </summary>
internal readonly unsafe struct BestKernel<T> : IGemmMicroKernel<T> where T : unmanaged, INumber<T>
{
    static bool Avx512 => (typeof(T) == typeof(float) || typeof(T) == typeof(double)) && Avx512F.IsSupported;
    static bool FmaFloat => typeof(T) == typeof(float) && Fma.IsSupported;
    static bool FmaDouble => typeof(T) == typeof(double) && Fma.IsSupported;

    public static int MR => Avx512 ? Avx512Kernel<T>.MR
        : FmaFloat ? Fma6x16Float.MR : FmaDouble ? Fma6x8Double.MR : PortableKernel<T>.MR;
    public static int NR => Avx512 ? Avx512Kernel<T>.NR
        : FmaFloat ? Fma6x16Float.NR : FmaDouble ? Fma6x8Double.NR : PortableKernel<T>.NR;
    public static int KC => Avx512 ? Avx512Kernel<T>.KC
        : FmaFloat ? Fma6x16Float.KC : FmaDouble ? Fma6x8Double.KC : PortableKernel<T>.KC;
    public static int MC => Avx512 ? Avx512Kernel<T>.MC
        : FmaFloat ? Fma6x16Float.MC : FmaDouble ? Fma6x8Double.MC : PortableKernel<T>.MC;
    public static int NC => Avx512 ? Avx512Kernel<T>.NC
        : FmaFloat ? Fma6x16Float.NC : FmaDouble ? Fma6x8Double.NC : PortableKernel<T>.NC;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(nint kc, T* a, T* b, T* c, nint ldc, bool add)
    {
        if (Avx512) Avx512Kernel<T>.Run(kc, a, b, c, ldc, add);
        else if (FmaFloat) Fma6x16Float.Run(kc, (float*)a, (float*)b, (float*)c, ldc, add);
        else if (FmaDouble) Fma6x8Double.Run(kc, (double*)a, (double*)b, (double*)c, ldc, add);
        else PortableKernel<T>.Run(kc, a, b, c, ldc, add);
    }
}

/// <summary>
/// AVX-512 8 x (2 Vector512) tile, float32 8x32 or float64 8x16: 16 accumulators + 2 B vectors + 1 broadcast of the 32
/// zmm registers. Measured on this kit's reference machine (AMD EPYC with a full 512-bit datapath): ~340 GFLOP/s on
/// float 1024^3 with two threads against ~192 for <see cref="Fma6x16Float"/>. MR = 8 also fits the usual channel counts.
/// </summary>
internal readonly unsafe struct Avx512Kernel<T> : IGemmMicroKernel<T> where T : unmanaged, INumber<T>
{
    public static int MR => 8;
    public static int NR => 2 * Vector512<T>.Count;
    public static int KC => 256;               // 8 (16) KiB of A + 32 KiB of B per micro-panel pair
    public static int MC => 512 / sizeof(T);   // 128 KiB A block
    public static int NC => 4096 - NR;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, T* a, T* b, T* c, nint ldc, bool add)
    {
        int w = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<T> c60 = default, c61 = default, c70 = default, c71 = default;
        for (nint i = 0; i < 8; i++) { Sse.Prefetch0(c + i * ldc); Sse.Prefetch0(c + i * ldc + 2 * w - 1); }
        for (nint p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + w);
            var ai = Vector512.Create(a[0]);
            c00 = MultiplyAdd(ai, b0, c00); c01 = MultiplyAdd(ai, b1, c01);
            ai = Vector512.Create(a[1]);
            c10 = MultiplyAdd(ai, b0, c10); c11 = MultiplyAdd(ai, b1, c11);
            ai = Vector512.Create(a[2]);
            c20 = MultiplyAdd(ai, b0, c20); c21 = MultiplyAdd(ai, b1, c21);
            ai = Vector512.Create(a[3]);
            c30 = MultiplyAdd(ai, b0, c30); c31 = MultiplyAdd(ai, b1, c31);
            ai = Vector512.Create(a[4]);
            c40 = MultiplyAdd(ai, b0, c40); c41 = MultiplyAdd(ai, b1, c41);
            ai = Vector512.Create(a[5]);
            c50 = MultiplyAdd(ai, b0, c50); c51 = MultiplyAdd(ai, b1, c51);
            ai = Vector512.Create(a[6]);
            c60 = MultiplyAdd(ai, b0, c60); c61 = MultiplyAdd(ai, b1, c61);
            ai = Vector512.Create(a[7]);
            c70 = MultiplyAdd(ai, b0, c70); c71 = MultiplyAdd(ai, b1, c71);
            a += 8;
            b += 2 * w;
        }
        Update(c, c00, add); Update(c + w, c01, add); c += ldc;
        Update(c, c10, add); Update(c + w, c11, add); c += ldc;
        Update(c, c20, add); Update(c + w, c21, add); c += ldc;
        Update(c, c30, add); Update(c + w, c31, add); c += ldc;
        Update(c, c40, add); Update(c + w, c41, add); c += ldc;
        Update(c, c50, add); Update(c + w, c51, add); c += ldc;
        Update(c, c60, add); Update(c + w, c61, add); c += ldc;
        Update(c, c70, add); Update(c + w, c71, add);
    }

    /// <summary>acc + x*y in one rounding; only float and double reach here (see <see cref="BestKernel{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<T> MultiplyAdd(Vector512<T> x, Vector512<T> y, Vector512<T> acc) => typeof(T) == typeof(float)
        ? Avx512F.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>()
        : Avx512F.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Update(T* c, Vector512<T> v, bool add) => (add ? Vector512.Load(c) + v : v).Store(c);
}
