using GenCourse.Models.Density;

namespace GenCourse.Benchmarks.Steps;

/// <summary>The kit's GaussianMixture(8, full, max_iter 100) with k-means initialisation, fitted to 2-D points.</summary>
public static class GaussianMixtureFit
{
    /// <summary>The fit to time, and the fitted model's mean log-likelihood, EM iterations and convergence.</summary>
    public static (Action fit, Func<(double meanLogLikelihood, int iterations, bool converged)> result) Prepare(double[] xy)
    {
        var x = tensor(xy, [xy.Length / 2, 2]);
        GaussianMixture? gmm = null;
        return (() => gmm = new GaussianMixture(8, "full", maxIter: 100, generator: new Generator(0)).Fit(x),
            () => (gmm!.Score(x), gmm.NIter, gmm.Converged));
    }
}
