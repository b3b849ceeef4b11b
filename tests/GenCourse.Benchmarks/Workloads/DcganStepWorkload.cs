extern alias EmbeddedSteps;
extern alias TorchSteps;

using System.Text.Json.Nodes;
using Ours = EmbeddedSteps::GenCourse.Benchmarks.Steps;
using Theirs = TorchSteps::GenCourse.Benchmarks.Steps;

namespace GenCourse.Benchmarks.Workloads;

/// <summary>One DCGAN training step (Steps/Dcgan.cs, batch 64, 1 x 28 x 28) on both engines.</summary>
public sealed class DcganStepWorkload : IWorkload
{
    public string Name => "dcgan-step";

    public string Description => "DCGAN step (D on real and fake, then G), batch 64, 28x28, BCE-with-logits, Adam (ms per step)";

    public void Run(Options options)
    {
        const int batch = 64;
        var (ours, theirs) = SideBySide.Time(Ours.DcganStep.Prepare(batch), Theirs.DcganStep.Prepare(batch),
            new Schedule(Rounds: 5, Samples: 5, WarmupSeconds: 2).With(options));
        SideBySide.Report(new JsonObject { ["workload"] = Name, ["batch"] = batch, ["image"] = "1x28x28" }, ours, theirs);
    }
}
