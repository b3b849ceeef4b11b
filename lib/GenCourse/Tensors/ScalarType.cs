namespace GenCourse;

/// <summary>Element types of a <see cref="Tensor"/>. There is no bool type: comparisons return 0/1 masks.</summary>
public enum ScalarType
{
    Float32,
    Float64,
    Int64,
}

internal static class ScalarTypeExtensions
{
    public static bool IsFloatingPoint(this ScalarType t) => t is ScalarType.Float32 or ScalarType.Float64;

    public static string TorchName(this ScalarType t) => t switch
    {
        ScalarType.Float32 => "torch.float32",
        ScalarType.Float64 => "torch.float64",
        _ => "torch.int64",
    };

    /// <summary>A new array; unless <paramref name="zeroed"/>, its contents are unspecified (the caller overwrites them).</summary>
    public static Array Allocate(this ScalarType t, int length, bool zeroed = true) => t switch
    {
        ScalarType.Float32 => zeroed ? new float[length] : GC.AllocateUninitializedArray<float>(length),
        ScalarType.Float64 => zeroed ? new double[length] : GC.AllocateUninitializedArray<double>(length),
        _ => zeroed ? new long[length] : GC.AllocateUninitializedArray<long>(length),
    };

    /// <summary>The dtype two operands compute in (PyTorch promotion among our three types).</summary>
    public static ScalarType Promote(ScalarType a, ScalarType b) =>
        a == b ? a
        : a == ScalarType.Float64 || b == ScalarType.Float64 ? ScalarType.Float64
        : ScalarType.Float32;
}
