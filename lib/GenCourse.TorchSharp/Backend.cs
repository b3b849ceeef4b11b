namespace GenCourse;

/// <summary>
/// The engine this build of the kit computes with: TorchSharp (libtorch). The embedded build has a class of the same
/// name. Touching this class first makes TorchSharp's native library loadable on older Linux (see TorchSharpNatives),
/// which is why a notebook's first cell prints <see cref="Description"/> before it calls torch.
/// </summary>
public static class Backend
{
    static Backend() => TorchSharpNatives.EnsureLoadable();

    /// <summary>"torchsharp" here, "embedded" in the default build: the names <c>gencourse run --backend</c> takes.</summary>
    public const string Name = "torchsharp";

    /// <summary>One line naming the engine, libtorch's version, its device and threads.</summary>
    public static string Description =>
        $"engine: TorchSharp {typeof(torch).Assembly.GetName().Version?.ToString(3)} (libtorch {torch.__version__}, " +
        $"{(torch.cuda.is_available() ? "CUDA available" : "CPU")}, {torch.get_num_threads()} threads)";
}
