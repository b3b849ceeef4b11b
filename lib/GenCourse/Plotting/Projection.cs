namespace GenCourse.Plotting;

/// <summary>Projections of high-dimensional points to a few dimensions, for plots and for models in a reduced space.</summary>
public static class Projection
{
    /// <summary>
    /// Principal component analysis: the top <paramref name="k"/> eigenvectors of the covariance of x [N, D]
    /// (power iteration with deflation, float64).
    /// </summary>
    public static PrincipalComponents Pca(Tensor x, int k = 2, int iterations = 500)
    {
        if (x.dim() != 2 || x.shape[0] < 2 || k < 1 || k > x.shape[1])
            throw new ArgumentException($"Pca: expects points [N >= 2, D >= k] and 1 <= k, got shape {Shape.Format(x.shape)} and k = {k}");
        var data = x.detach().to(float64);
        var mean = data.mean([0], keepdim: true);
        var centered = data - mean;
        var cov = centered.t().mm(centered) / (x.shape[0] - 1);
        var components = new List<Tensor>();
        var variances = new double[k];
        var g = new Generator(0);
        for (int c = 0; c < k; c++)
        {
            var v = randn([x.shape[1]], generator: g, dtype: float64);
            for (int i = 0; i < iterations; i++)
            {
                var next = cov.matmul(v);
                foreach (var u in components) next = next - u * (u * next).sum();
                v = next / (next.norm() + 1e-300);
            }
            variances[c] = (v * cov.matmul(v)).sum().ToDouble();
            components.Add(v);
        }
        return new PrincipalComponents(mean, stack(components, 1), variances, x.dtype);
    }
}

/// <summary>A fitted PCA: the data mean, the component basis [D, k] and the variance along each component.</summary>
public sealed class PrincipalComponents(Tensor mean, Tensor basis, double[] variances, ScalarType dtype)
{
    public double[] Variances { get; } = variances;

    /// <summary>Coordinates of points [N, D] along the components, [N, k].</summary>
    public Tensor Project(Tensor points) => ((points.detach().to(ScalarType.Float64) - mean).mm(basis)).to(dtype);

    /// <summary>Points [N, D] back from component coordinates [N, k].</summary>
    public Tensor Reconstruct(Tensor coordinates) => (coordinates.detach().to(ScalarType.Float64).mm(basis.t()) + mean).to(dtype);

    public void Deconstruct(out Func<Tensor, Tensor> project, out double[] variances)
    {
        project = Project;
        variances = Variances;
    }
}
