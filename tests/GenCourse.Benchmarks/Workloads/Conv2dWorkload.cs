extern alias EmbeddedSteps;
extern alias TorchSteps;

using System.Text.Json.Nodes;
using Ours = EmbeddedSteps::GenCourse.Benchmarks.Steps;
using Theirs = TorchSteps::GenCourse.Benchmarks.Steps;

namespace GenCourse.Benchmarks.Workloads;

/// <summary>
/// F.conv2d on N=64, C=64, 14x14, 64 filters 3x3, padding 1, on both engines: forward, and forward + backward (input
/// and weight gradients, counted as 3x the forward FLOPs). Options: --rounds N.
/// </summary>
public sealed class Conv2dWorkload : IWorkload
{
    public string Name => "conv2d";

    public string Description => "F.conv2d 64x64x14x14, 64 filters 3x3 pad 1, float32: forward and forward+backward GFLOP/s";

    public void Run(Options options)
    {
        const int n = 64, channels = 64, size = 14, filters = 64, kernel = 3, padding = 1;
        var schedule = new Schedule(Rounds: 7).With(options);
        var ours = Ours.Convolution.Prepare(n, channels, size, filters, kernel, padding);
        var theirs = Theirs.Convolution.Prepare(n, channels, size, filters, kernel, padding);
        double flops = 2.0 * n * filters * size * size * channels * kernel * kernel;
        foreach (var (name, oursStep, theirsStep, factor) in new[]
        {
            ("forward", ours.forward, theirs.forward, 1),
            ("forward_backward", ours.forwardBackward, theirs.forwardBackward, 3),
        })
        {
            Console.Error.WriteLine($"conv2d {name}");
            var (oursTimes, theirsTimes) = SideBySide.Time(oursStep, theirsStep, schedule);
            SideBySide.Report(new JsonObject
            {
                ["workload"] = Name, ["case"] = name, ["n"] = n, ["c"] = channels, ["size"] = size, ["filters"] = filters,
                ["kernel"] = kernel, ["padding"] = padding,
            }, oursTimes, theirsTimes, flopsPerCall: factor * flops);
        }
    }
}
