extern alias EmbeddedSteps;
extern alias TorchSteps;

using System.Text.Json.Nodes;
using Ours = EmbeddedSteps::GenCourse.Benchmarks.Steps;
using Theirs = TorchSteps::GenCourse.Benchmarks.Steps;

namespace GenCourse.Benchmarks.Workloads;

/// <summary>
/// The kit's exact gaussian KernelDensity (bandwidth 0.2), fit on 10,000 ring points and scored on 10,000 others
/// (10^8 kernel terms), on both engines (an array-level model, like gmm-fit).
/// </summary>
public sealed class KdeScoreWorkload : IWorkload
{
    public string Name => "kde-score";

    public string Description => "KernelDensity gaussian bw 0.2, fit 10k / score 10k 2-D ring points (seconds, mean_loglik)";

    public void Run(Options options)
    {
        int n = options.Int("n", 10_000);
        var train = RingOfGaussians.Points(n, seed: 2);
        var query = RingOfGaussians.Points(n, seed: 3);
        Console.Error.WriteLine($"kde-score: checksums train {RingOfGaussians.Checksum(train):R} query {RingOfGaussians.Checksum(query):R}");
        var ours = Ours.KernelDensityScore.Prepare(train, query);
        var theirs = Theirs.KernelDensityScore.Prepare(train, query);
        var (oursTimes, theirsTimes) = SideBySide.Time(ours.fitAndScore, theirs.fitAndScore,
            new Schedule(Rounds: 5, Samples: 3, WarmupCalls: 2, WarmupSeconds: 0, SampleSeconds: 0).With(options));
        SideBySide.Report(new JsonObject
        {
            ["workload"] = Name, ["n"] = n,
            ["mean_loglik"] = new JsonObject
            {
                ["ours"] = Measure.Round(ours.meanLogLikelihood(), 6), ["theirs"] = Measure.Round(theirs.meanLogLikelihood(), 6),
            },
        }, oursTimes, theirsTimes, timeUnit: "s");
    }
}
