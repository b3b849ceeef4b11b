extern alias EmbeddedSteps;
extern alias TorchSteps;

using System.Text.Json.Nodes;
using Ours = EmbeddedSteps::GenCourse.Benchmarks.Steps;
using Theirs = TorchSteps::GenCourse.Benchmarks.Steps;

namespace GenCourse.Benchmarks.Workloads;

/// <summary>
/// The kit's GaussianMixture(8, full, max_iter 100) with k-means init on 100,000 2-D ring points, on both engines
/// (an array-level model: the engines differ only in the tensors at its edges and in their random streams).
/// </summary>
public sealed class GmmFitWorkload : IWorkload
{
    public string Name => "gmm-fit";

    public string Description => "GaussianMixture 8 components full covariance, 100k 2-D ring points, max_iter 100 (seconds, mean_loglik)";

    public void Run(Options options)
    {
        int n = options.Int("n", 100_000);
        var x = RingOfGaussians.Points(n, seed: 1);
        Console.Error.WriteLine($"gmm-fit: checksum {RingOfGaussians.Checksum(x):R}");
        var ours = Ours.GaussianMixtureFit.Prepare(x);
        var theirs = Theirs.GaussianMixtureFit.Prepare(x);
        var (oursTimes, theirsTimes) = SideBySide.Time(ours.fit, theirs.fit,
            new Schedule(Rounds: 7, Samples: 3, WarmupCalls: 2, WarmupSeconds: 0, SampleSeconds: 0).With(options));
        JsonObject Result((double meanLogLikelihood, int iterations, bool converged) r) => new()
        {
            ["mean_loglik"] = Measure.Round(r.meanLogLikelihood, 6), ["n_iter"] = r.iterations, ["converged"] = r.converged,
        };
        SideBySide.Report(new JsonObject
        {
            ["workload"] = Name, ["n"] = n, ["result"] = new JsonObject { ["ours"] = Result(ours.result()), ["theirs"] = Result(theirs.result()) },
        }, oursTimes, theirsTimes, timeUnit: "s");
    }
}
