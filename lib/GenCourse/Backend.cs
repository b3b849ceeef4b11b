using System.Runtime.Intrinsics.X86;

namespace GenCourse;

/// <summary>
/// The engine this build of the kit computes with. GenCourse.TorchSharp has a class of the same name, so a notebook's
/// first cell can print <see cref="Description"/> on either engine (on TorchSharp that first call also makes its
/// native library loadable).
/// </summary>
public static class Backend
{
    /// <summary>"embedded" here, "torchsharp" in GenCourse.TorchSharp: the names <c>gencourse run --backend</c> takes.</summary>
    public const string Name = "embedded";

    /// <summary>One line naming the engine, the instruction set its kernels use and the cores they run on.</summary>
    public static string Description =>
        $"engine: GenCourse embedded ({InstructionSet}, {Environment.ProcessorCount} cores, GC-managed memory)";

    static string InstructionSet => Avx512F.IsSupported ? "AVX-512" : Fma.IsSupported ? "AVX2/FMA" : "portable SIMD";
}
