using System.Reflection;

namespace GenCourse.Benchmarks.Steps;

/// <summary>The engine these steps run on, as the benchmark reports it.</summary>
public static class EngineInfo
{
    public const string Name = "GenCourse";

    public static string Version =>
        typeof(Tensor).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";

    /// <summary>The embedded engine splits its kernels over Environment.ProcessorCount threads (see ParallelTeam).</summary>
    public static int Threads => Environment.ProcessorCount;

    public const string ThreadsHow = "the calling thread and Environment.ProcessorCount - 1 helpers that spin ~1 ms between loops";

    /// <summary>Nothing to set: the engine always uses every core the process may run on.</summary>
    public static void UseAllCores()
    {
    }
}
