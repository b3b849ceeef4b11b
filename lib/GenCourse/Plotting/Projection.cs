using static GenCourse.torch;

namespace GenCourse.Plotting;

/// <summary>Projections of high-dimensional points to 2-D for plotting.</summary>
public static class Projection
{
    /// <summary>
    /// Principal component analysis: the top <paramref name="k"/> eigenvectors of the covariance of x [N, D]
    /// (power iteration with deflation, float64). Returns the projection function and the explained variances.
    /// </summary>
    public static (Func<Tensor, Tensor> project, double[] variances) Pca(Tensor x, int k = 2, int iterations = 500)
    {
        if (x.dim() != 2 || x.shape[0] < 2 || k < 1 || k > x.shape[1])
            throw new ArgumentException($"Pca: expects points [N >= 2, D >= k] and 1 <= k, got shape {Shape.Format(x.shape)} and k = {k}");
        var data = x.detach().to(float64);
        var mean = data.mean(0, keepdim: true);
        var centered = data - mean;
        var cov = centered.t().mm(centered) / (x.shape[0] - 1);
        var components = new List<Tensor>();
        var variances = new double[k];
        var g = new Generator(0);
        for (int c = 0; c < k; c++)
        {
            var v = randn([x.shape[1]], g, float64);
            for (int i = 0; i < iterations; i++)
            {
                var next = cov.matmul(v);
                foreach (var u in components) next = next - u * (u * next).sum();
                v = next / (next.norm() + 1e-300);
            }
            variances[c] = (v * cov.matmul(v)).sum().item<double>();
            components.Add(v);
        }
        var basis = stack(components, 1);
        return (points => ((points.detach().to(float64) - mean).mm(basis)).to(x.dtype), variances);
    }
}
