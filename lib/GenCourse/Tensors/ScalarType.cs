namespace GenCourse;

/// <summary>Element types of a <see cref="Tensor"/>: float32, float64, int64 and bool (what comparisons return, as in PyTorch).</summary>
public enum ScalarType
{
    Float32,
    Float64,
    Int64,
    /// <summary>
    /// Stored as a .NET bool[] (one byte per element, like libtorch's bool): item&lt;bool&gt;() and data&lt;bool&gt;() then read
    /// the storage as its own element type, with no reinterpretation of bytes.
    /// </summary>
    Bool,
}

internal static class ScalarTypeExtensions
{
    public static bool IsFloatingPoint(this ScalarType t) => t is ScalarType.Float32 or ScalarType.Float64;

    public static string TorchName(this ScalarType t) => t switch
    {
        ScalarType.Float32 => "torch.float32",
        ScalarType.Float64 => "torch.float64",
        ScalarType.Bool => "torch.bool",
        _ => "torch.int64",
    };

    /// <summary>A new array; unless <paramref name="zeroed"/>, its contents are unspecified (the caller overwrites them).</summary>
    public static Array Allocate(this ScalarType t, int length, bool zeroed = true) => t switch
    {
        ScalarType.Float32 => zeroed ? new float[length] : GC.AllocateUninitializedArray<float>(length),
        ScalarType.Float64 => zeroed ? new double[length] : GC.AllocateUninitializedArray<double>(length),
        ScalarType.Bool => new bool[length],   // always zeroed: a stray byte other than 0 or 1 is not a valid bool
        _ => zeroed ? new long[length] : GC.AllocateUninitializedArray<long>(length),
    };

    /// <summary>The dtype two operands compute in (PyTorch promotion among our four types: bool &lt; int64 &lt; float32 &lt; float64).</summary>
    public static ScalarType Promote(ScalarType a, ScalarType b) =>
        a == b ? a
        : a == ScalarType.Bool ? b
        : b == ScalarType.Bool ? a
        : a == ScalarType.Float64 || b == ScalarType.Float64 ? ScalarType.Float64
        : ScalarType.Float32;
}
