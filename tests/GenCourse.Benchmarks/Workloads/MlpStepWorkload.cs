extern alias EmbeddedSteps;
extern alias TorchSteps;

using System.Text.Json.Nodes;
using Ours = EmbeddedSteps::GenCourse.Benchmarks.Steps;
using Theirs = TorchSteps::GenCourse.Benchmarks.Steps;

namespace GenCourse.Benchmarks.Workloads;

/// <summary>One training step of a 784-512-256-10 ReLU MLP (cross-entropy, backward, Adam, batch 128) on both engines.</summary>
public sealed class MlpStepWorkload : IWorkload
{
    public string Name => "mlp-step";

    public string Description => "MLP 784-512-256-10 forward+backward+Adam step, batch 128 (ms per step)";

    public void Run(Options options)
    {
        const int batch = 128;
        var (ours, theirs) = SideBySide.Time(Ours.MlpStep.Prepare(batch), Theirs.MlpStep.Prepare(batch),
            new Schedule(Rounds: 7, Samples: 9).With(options));
        SideBySide.Report(new JsonObject { ["workload"] = Name, ["batch"] = batch }, ours, theirs);
    }
}
