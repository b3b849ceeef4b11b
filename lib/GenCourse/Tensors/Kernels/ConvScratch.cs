namespace GenCourse.Kernels;

/// <summary>
/// Per-thread scratch arrays reused across calls, so the convolution kernels do not allocate a large
/// im2col matrix every time. Each slot is owned by one purpose; a buffer only grows.
/// </summary>
internal static class ConvScratch<T> where T : unmanaged
{
    public enum Slot { Columns, Padded, Product, Weights, Partials, Source }

    [ThreadStatic] static T[]?[]? slots;

    /// <summary>A buffer of at least <paramref name="length"/> elements with unspecified contents.</summary>
    public static T[] Get(Slot slot, long length)
    {
        slots ??= new T[]?[Enum.GetValues<Slot>().Length];
        ref var buffer = ref slots[(int)slot];
        if (buffer is null || buffer.Length < length)
            buffer = GC.AllocateUninitializedArray<T>((int)Math.Min(int.MaxValue, Math.Max(length, 2L * (buffer?.Length ?? 0))));
        return buffer;
    }
}
