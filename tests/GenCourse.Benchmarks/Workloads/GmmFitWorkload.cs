using GenCourse.Models.Density;

namespace GenCourse.Benchmarks.Workloads;

/// <summary>GaussianMixture(8, full, max_iter 100) with k-means init on 100,000 2-D points from 8 Gaussians on a ring.</summary>
public sealed class GmmFitWorkload : IWorkload
{
    public string Name => "gmm-fit";

    public string Description => "GaussianMixture 8 components full covariance, 100k 2-D ring points, max_iter 100 (seconds, mean_loglik)";

    public void Run(Options options)
    {
        int n = options.Int("n", 100_000), runs = options.Int("runs", 7);
        var x = RingOfGaussians.Points(n, seed: 1);
        Console.Error.WriteLine($"gmm-fit: checksum {RingOfGaussians.Checksum(x):R}");
        GaussianMixture? gmm = null;
        double seconds = Measure.MedianSeconds(() =>
            gmm = new GaussianMixture(8, "full", maxIter: 100, generator: new Generator(0)).Fit(x), runs, warmup: 2);
        Measure.Report(new
        {
            workload = Name, n, seconds = Measure.Round(seconds, 4), mean_loglik = Measure.Round(gmm!.Score(x), 6),
            n_iter = gmm.NIter, converged = gmm.Converged,
        });
    }
}
