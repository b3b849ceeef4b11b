namespace GenCourse;

/// <summary>
/// The flat array behind one or more tensor views. <see cref="Version"/> counts in-place writes so that
/// autograd can refuse to use a saved tensor that was modified after it was saved.
/// </summary>
internal sealed class Storage
{
    static long created;

    public readonly Array Data;
    public readonly ScalarType DType;
    public int Version;

    /// <summary>Order of creation: a backward pass knows which storages it made itself (see Engine.Accumulate).</summary>
    public readonly long Serial = Interlocked.Increment(ref created);

    /// <summary>The serial the next storage will get.</summary>
    public static long NextSerial => Interlocked.Read(ref created) + 1;

    public Storage(Array data, ScalarType dtype) => (Data, DType) = (data, dtype);

    public Storage(ScalarType dtype, int length, bool zeroed = true) : this(dtype.Allocate(length, zeroed), dtype) { }

    public int Length => Data.Length;
}
