using System.Reflection;

namespace GenCourse.Benchmarks.Steps;

/// <summary>The engine these steps run on, as the benchmark reports it.</summary>
public static class EngineInfo
{
    public const string Name = "TorchSharp";

    /// <summary>TorchSharp's package version and the libtorch it wraps.</summary>
    public static string Version =>
        $"{typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?"} (libtorch {__version__})";

    public static int Threads => get_num_threads();

    public const string ThreadsHow = "torch.set_num_threads(Environment.ProcessorCount)";

    /// <summary>libtorch's intra-op pool gets one thread per core the process may run on, like the embedded engine.</summary>
    public static void UseAllCores() => set_num_threads(Environment.ProcessorCount);
}
