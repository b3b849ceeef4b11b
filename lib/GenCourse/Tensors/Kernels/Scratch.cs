using System.Buffers;

namespace GenCourse.Kernels;

/// <summary>A temporary buffer from the shared array pool, returned on Dispose (for multi-pass kernels).</summary>
internal readonly struct Scratch<T> : IDisposable
{
    readonly T[] array;
    readonly int length;

    public Scratch(int length)
    {
        array = ArrayPool<T>.Shared.Rent(length);
        this.length = length;
    }

    public Span<T> Span => array.AsSpan(0, length);

    public void Dispose() => ArrayPool<T>.Shared.Return(array);
}
