extern alias EmbeddedSteps;
extern alias TorchSteps;

using System.Text.Json.Nodes;
using Ours = EmbeddedSteps::GenCourse.Benchmarks.Steps;
using Theirs = TorchSteps::GenCourse.Benchmarks.Steps;

namespace GenCourse.Benchmarks.Workloads;

/// <summary>
/// The kit's MLP VAE on Fashion-MNIST (Steps/VaeEpoch.cs) on both engines: one warm-up epoch each, then --rounds epochs
/// (default 5) alternating ours, theirs; seconds per epoch and each engine's test negative ELBO after its last epoch.
/// </summary>
public sealed class VaeEpochWorkload : IWorkload
{
    public string Name => "vae-epoch";

    public string Description => "MLP VAE on Fashion-MNIST, seconds per epoch (60k images, batch 128, Adam) and test negative ELBO";

    public void Run(Options options)
    {
        var ours = Ours.VaeEpoch.Prepare();
        var theirs = Theirs.VaeEpoch.Prepare();
        var schedule = new Schedule(Rounds: 5, Samples: 1, WarmupSeconds: 0, WarmupCalls: 1, SampleSeconds: 0).With(options);
        var (oursTimes, theirsTimes) = SideBySide.Time(ours.epoch, theirs.epoch, schedule);
        SideBySide.Report(new JsonObject
        {
            ["workload"] = Name,
            ["epochs"] = 1 + schedule.Rounds,
            ["test_neg_elbo"] = new JsonObject
            {
                ["ours"] = Measure.Round(ours.testNegativeElbo(), 2),
                ["theirs"] = Measure.Round(theirs.testNegativeElbo(), 2),
            },
        }, oursTimes, theirsTimes, timeUnit: "s");
    }
}
