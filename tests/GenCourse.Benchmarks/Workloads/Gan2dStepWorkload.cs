extern alias EmbeddedSteps;
extern alias TorchSteps;

using System.Text.Json.Nodes;
using Ours = EmbeddedSteps::GenCourse.Benchmarks.Steps;
using Theirs = TorchSteps::GenCourse.Benchmarks.Steps;

namespace GenCourse.Benchmarks.Workloads;

/// <summary>One step of the kit's Gan on 8 Gaussians (Steps/Gan2dStep.cs, MLPs 2-128-128-128, batch 256) on both engines.</summary>
public sealed class Gan2dStepWorkload : IWorkload
{
    public string Name => "gan2d-step";

    public string Description => "GAN on 8 Gaussians, G and D MLPs 2-128-128-128, batch 256, one D + one G Adam step (ms per step)";

    public void Run(Options options)
    {
        const int batch = 256;
        var (ours, theirs) = SideBySide.Time(Ours.Gan2dStep.Prepare(batch), Theirs.Gan2dStep.Prepare(batch),
            new Schedule(Rounds: 7, Samples: 15).With(options));
        SideBySide.Report(new JsonObject { ["workload"] = Name, ["batch"] = batch, ["widths"] = "2-128-128-128" }, ours, theirs);
    }
}
