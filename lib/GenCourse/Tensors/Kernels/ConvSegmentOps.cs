using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GenCourse.Kernels;

/// <summary>
/// What <see cref="ConvUnfold.Walk"/> does with one segment: pixels[j * stride] (padded input) and columns[j]
/// (its place in the unfolded matrix), j &lt; length, for unfolded row <c>row</c> = (c, kh, kw).
/// Stride-1 segments take Vector256 paths; the JIT specialises the walk for each operation struct.
/// </summary>
internal interface ISegmentOp<T> where T : unmanaged, INumberBase<T>
{
    void Apply(int row, ref T pixels, int stride, ref T columns, int length);
}

/// <summary>pixels += columns (col2im).</summary>
internal readonly struct AddToPixels<T> : ISegmentOp<T> where T : unmanaged, INumberBase<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(int row, ref T pixels, int stride, ref T columns, int length)
    {
        int j = 0, lanes = Vector256<T>.Count;
        if (stride == 1)
            for (; j <= length - lanes; j += lanes)
                (Vector256.LoadUnsafe(ref pixels, (nuint)j) + Vector256.LoadUnsafe(ref columns, (nuint)j))
                    .StoreUnsafe(ref pixels, (nuint)j);
        for (; j < length; j++) Unsafe.Add(ref pixels, j * stride) += Unsafe.Add(ref columns, j);
    }
}
