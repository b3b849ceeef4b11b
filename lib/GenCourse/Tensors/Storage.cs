namespace GenCourse;

/// <summary>
/// The flat array behind one or more tensor views. <see cref="Version"/> counts in-place writes so that
/// autograd can refuse to use a saved tensor that was modified after it was saved.
/// </summary>
internal sealed class Storage
{
    public readonly Array Data;
    public readonly ScalarType DType;
    public int Version;

    public Storage(Array data, ScalarType dtype) => (Data, DType) = (data, dtype);

    public Storage(ScalarType dtype, int length, bool zeroed = true) : this(dtype.Allocate(length, zeroed), dtype) { }

    public int Length => Data.Length;
}
