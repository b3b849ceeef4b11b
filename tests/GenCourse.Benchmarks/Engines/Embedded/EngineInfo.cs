using System.Reflection;

namespace GenCourse.Benchmarks.Steps;

/// <summary>The engine these steps run on, as the benchmark reports it.</summary>
public static class EngineInfo
{
    public const string Name = "GenCourse";

    public static string Version =>
        typeof(Tensor).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";

    /// <summary>The embedded engine splits its kernels over Environment.ProcessorCount workers of .NET's thread pool.</summary>
    public static int Threads => Environment.ProcessorCount;

    public const string ThreadsHow = "Environment.ProcessorCount workers on .NET's thread pool";

    /// <summary>Nothing to set: the engine always uses every core the process may run on.</summary>
    public static void UseAllCores()
    {
    }
}
