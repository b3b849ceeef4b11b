using GenCourse.Models.Density;

namespace GenCourse.Benchmarks.Workloads;

/// <summary>Exact gaussian KDE, bandwidth 0.2: fit 10,000 ring points, score 10,000 others (10^8 kernel terms).</summary>
public sealed class KdeScoreWorkload : IWorkload
{
    public string Name => "kde-score";

    public string Description => "KernelDensity gaussian bw 0.2, fit 10k / score 10k 2-D ring points (seconds, mean_loglik)";

    public void Run(Options options)
    {
        int n = options.Int("n", 10_000), runs = options.Int("runs", 7);
        var train = RingOfGaussians.Points(n, seed: 2);
        var query = RingOfGaussians.Points(n, seed: 3);
        Console.Error.WriteLine($"kde-score: checksums train {RingOfGaussians.Checksum(train):R} query {RingOfGaussians.Checksum(query):R}");
        double meanLogLik = 0;
        double seconds = Measure.MedianSeconds(() =>
        {
            var kde = new KernelDensity(0.2).Fit(train);
            meanLogLik = kde.ScoreSamples(query).mean().item<double>();
        }, runs, warmup: 2);
        Measure.Report(new { workload = Name, n, seconds = Measure.Round(seconds, 4), mean_loglik = Measure.Round(meanLogLik, 6) });
    }
}
