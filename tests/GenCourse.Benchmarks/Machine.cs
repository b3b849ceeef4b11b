extern alias EmbeddedSteps;
extern alias TorchSteps;

using System.Runtime.Intrinsics.X86;
using System.Text.Json.Nodes;
using Ours = EmbeddedSteps::GenCourse.Benchmarks.Steps;
using Theirs = TorchSteps::GenCourse.Benchmarks.Steps;

namespace GenCourse.Benchmarks;

/// <summary>What a side-by-side figure depends on: instruction sets, threads and engine versions.</summary>
public static class Machine
{
    /// <summary>
    /// The widest instruction set .NET lets our engine use (System.Runtime.Intrinsics.X86), "AVX-512F", "AVX2" or "other".
    /// DOTNET_EnableAVX512=0 turns AVX-512 off here; libtorch dispatches on its own and does not see that setting:
    /// limit it with ATEN_CPU_CAPABILITY=avx2, ONEDNN_MAX_CPU_ISA=AVX2 and MKL_ENABLE_INSTRUCTIONS=AVX2 (see
    /// <see cref="TheirsIsaLimits"/>), as the README's AVX2 command does.
    /// </summary>
    public static string Isa => Avx512F.IsSupported ? "AVX-512F" : Avx2.IsSupported ? "AVX2" : "other";

    /// <summary>The same from the processor itself (CPUID), which is what libtorch's dispatch sees.</summary>
    public static string CpuIsa
    {
        get
        {
            if (!X86Base.IsSupported) return "other";
            var (_, ebx, _, _) = X86Base.CpuId(7, 0);
            return (ebx & (1 << 16)) != 0 ? "AVX-512F" : (ebx & (1 << 5)) != 0 ? "AVX2" : "other";
        }
    }

    /// <summary>
    /// Gives both engines every core the process may run on (once): ours always uses them; TorchSharp gets
    /// torch.set_num_threads(Environment.ProcessorCount). Also prints the setting to stderr.
    /// </summary>
    public static void Prepare()
    {
        if (prepared) return;
        prepared = true;
        Theirs.EngineInfo.UseAllCores();
        Console.Error.WriteLine(
            $"{Environment.ProcessorCount} cores; instruction set: {Isa} for {Ours.EngineInfo.Name} (CPU: {CpuIsa}, which libtorch dispatches on); "
            + $"threads: {Ours.EngineInfo.Name} {Ours.EngineInfo.Threads} ({Ours.EngineInfo.ThreadsHow}), "
            + $"{Theirs.EngineInfo.Name} {Theirs.EngineInfo.Threads} ({Theirs.EngineInfo.ThreadsHow}); "
            + $"{Ours.EngineInfo.Name} {Ours.EngineInfo.Version} vs {Theirs.EngineInfo.Name} {Theirs.EngineInfo.Version}, OMP_WAIT_POLICY {OmpWaitPolicy}; "
            + "TorchSharp steps run inside torch.NewDisposeScope() (tensors freed at the end of every step)");
    }

    static bool prepared;

    /// <summary>The fields every side-by-side record carries.</summary>
    public static JsonObject Fields() => new()
    {
        ["isa"] = Isa,
        ["cpu_isa"] = CpuIsa,
        ["threads"] = new JsonObject { ["ours"] = Ours.EngineInfo.Threads, ["theirs"] = Theirs.EngineInfo.Threads },
        ["ours_engine"] = $"{Ours.EngineInfo.Name} {Ours.EngineInfo.Version}",
        ["theirs_engine"] = $"{Theirs.EngineInfo.Name} {Theirs.EngineInfo.Version}",
        ["theirs_dispose_scope"] = "per step",
        ["theirs_isa_limits"] = TheirsIsaLimits(),
        ["omp_wait_policy"] = OmpWaitPolicy,
        ["load_average"] = LoadAverage,
    };

    /// <summary>
    /// The environment variables that cap the instruction set libtorch's own dispatch uses (ATen kernels, oneDNN
    /// convolutions, MKL GEMM): only the ones set. Without them libtorch uses what the CPU has (<see cref="CpuIsa"/>).
    /// </summary>
    public static JsonObject TheirsIsaLimits()
    {
        var limits = new JsonObject();
        foreach (var name in new[] { "ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA", "MKL_ENABLE_INSTRUCTIONS" })
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value) limits[name] = value;
        return limits;
    }

    /// <summary>
    /// OMP_WAIT_POLICY as libtorch's OpenMP runtime sees it. Unset, its idle threads spin while they wait for work: the
    /// fastest choice on a machine of one's own, but where other processes want the same cores the spinning starves
    /// the thread that has the work, and TorchSharp runs many times slower; PASSIVE makes them sleep instead.
    /// </summary>
    public static string OmpWaitPolicy => Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "unset";

    /// <summary>
    /// The 1-minute load average (Linux), how busy the shared machine was: above the core count, other processes
    /// took turns with the benchmark's threads and the figures are noisy (the ratio, measured interleaved, less so).
    /// </summary>
    public static double? LoadAverage =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], out var load) ? load : null;
}
