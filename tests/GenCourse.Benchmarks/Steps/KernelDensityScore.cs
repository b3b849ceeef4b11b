using GenCourse.Models.Density;

namespace GenCourse.Benchmarks.Steps;

/// <summary>The kit's exact gaussian KernelDensity (bandwidth 0.2): fit to one set of 2-D points, score another.</summary>
public static class KernelDensityScore
{
    /// <summary>Fit and score to time, and the last mean log-density of the query points.</summary>
    public static (Action fitAndScore, Func<double> meanLogLikelihood) Prepare(double[] trainXy, double[] queryXy)
    {
        var (train, query) = (tensor(trainXy, [trainXy.Length / 2, 2]), tensor(queryXy, [queryXy.Length / 2, 2]));
        double meanLogLikelihood = double.NaN;
        return (() =>
        {
            using var scope = NewDisposeScope();
            meanLogLikelihood = new KernelDensity(0.2).Fit(train).ScoreSamples(query).mean().item<double>();
        }, () => meanLogLikelihood);
    }
}
