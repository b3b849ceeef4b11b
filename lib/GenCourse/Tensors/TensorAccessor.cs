using System.Collections;

namespace GenCourse;

/// <summary>
/// The elements of a tensor as T in row-major order, as TorchSharp's <c>tensor.data&lt;T&gt;()</c> gives them:
/// <c>ToArray()</c>, <c>CopyTo</c>, an indexer and enumeration. Writes through the indexer or <c>CopyFrom</c> change the tensor.
/// </summary>
public sealed class TensorAccessor<T> : IEnumerable<T>, IDisposable where T : unmanaged
{
    readonly Tensor tensor;

    internal TensorAccessor(Tensor tensor) => this.tensor = tensor;

    public long Count => tensor.numel();

    /// <summary>The element at a row-major position.</summary>
    public T this[long index]
    {
        get => tensor.contiguous().ReadSpan<T>()[Checked(index)];
        set => tensor.view(-1)[index].fill_(System.Convert.ToDouble(value));
    }

    int Checked(long index) =>
        index >= 0 && index < Count ? (int)index : throw new IndexOutOfRangeException($"data: index {index} is outside a tensor of {Count} elements");

    public T[] ToArray() => tensor.ToArray<T>();

    public void CopyTo(T[] array, int arrayIndex = 0, long tensorIndex = 0) => CopyTo(array.AsSpan(), arrayIndex, tensorIndex);

    public void CopyTo(Span<T> array, int arrayIndex = 0, long tensorIndex = 0) =>
        tensor.contiguous().ReadSpan<T>()[Checked(tensorIndex)..].CopyTo(array[arrayIndex..]);

    /// <summary>Overwrites elements from <paramref name="array"/>, starting at <paramref name="tensorIndex"/>.</summary>
    public void CopyFrom(T[] array, int arrayIndex = 0, long tensorIndex = 0) => CopyFrom((ReadOnlySpan<T>)array, arrayIndex, tensorIndex);

    public void CopyFrom(ReadOnlySpan<T> array, int arrayIndex = 0, long tensorIndex = 0)
    {
        var source = array[arrayIndex..];
        if (tensorIndex + source.Length > Count)
            throw new ArgumentException($"data.CopyFrom: {source.Length} values from index {tensorIndex} do not fit a tensor of {Count} elements");
        var values = source.ToArray();
        using (torch.no_grad())
            tensor.view(-1).narrow(0, tensorIndex, values.Length).copy_(torch.tensor(ToDoubles(values), dtype: tensor.dtype));
    }

    static double[] ToDoubles(T[] values) => Array.ConvertAll(values, v => System.Convert.ToDouble(v));

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)ToArray()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Nothing to release: the tensor's memory belongs to the GC (TorchSharp's accessor pins native memory).</summary>
    public void Dispose()
    {
    }
}

/// <summary>Conversions of one-element tensors to .NET numbers, whatever their dtype (TorchSharp's TensorExtensionMethods).</summary>
public static class TensorExtensionMethods
{
    public static double ToDouble(this Tensor value) => Scalar(value, "ToDouble");

    public static float ToSingle(this Tensor value) => (float)Scalar(value, "ToSingle");

    public static long ToInt64(this Tensor value) => (long)Scalar(value, "ToInt64");

    /// <summary>Whether the one element is non-zero (true for a true bool).</summary>
    public static bool ToBoolean(this Tensor value) => Scalar(value, "ToBoolean") != 0;

    static double Scalar(Tensor value, string op) => value.numel() == 1
        ? value.ToArray<double>()[0]
        : throw new InvalidOperationException($"{op}: only one-element tensors convert to a number, this one has shape {Shape.Format(value.shape)}");
}
