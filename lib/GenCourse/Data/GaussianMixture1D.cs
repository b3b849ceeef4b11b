namespace GenCourse.Data;

/// <summary>
/// A known 1-D mixture of Gaussians, p(x) = sum_k w_k N(x; mu_k, sigma_k^2), to sample toy data from and to plot the true
/// density next to an estimate (histograms, KDE, GMM).
/// </summary>
public sealed class GaussianMixture1D
{
    readonly double[] means, stds, weights;

    /// <param name="means">Component means mu_k.</param>
    /// <param name="stds">Component standard deviations sigma_k (positive).</param>
    /// <param name="weights">Mixture weights w_k (non-negative, normalised here); equal weights by default.</param>
    public GaussianMixture1D(double[] means, double[] stds, double[]? weights = null)
    {
        int k = means.Length;
        weights ??= Enumerable.Repeat(1.0, k).ToArray();
        if (k == 0 || stds.Length != k || weights.Length != k)
            throw new ArgumentException($"GaussianMixture1D: expects the same positive number of means, stds and weights, got {k}, {stds.Length} and {weights.Length}");
        if (stds.Any(s => !(s > 0))) throw new ArgumentException($"GaussianMixture1D: stds must be positive, got [{string.Join(", ", stds)}]", nameof(stds));
        if (weights.Any(w => !(w >= 0)) || weights.Sum() <= 0)
            throw new ArgumentException($"GaussianMixture1D: weights must be non-negative with a positive sum, got [{string.Join(", ", weights)}]", nameof(weights));
        double total = weights.Sum();
        (this.means, this.stds, this.weights) = ((double[])means.Clone(), (double[])stds.Clone(), weights.Select(w => w / total).ToArray());
    }

    public IReadOnlyList<double> Means => means;

    public IReadOnlyList<double> Stds => stds;

    /// <summary>The normalised mixture weights.</summary>
    public IReadOnlyList<double> Weights => weights;

    /// <summary>n points as float32 [n, 1] and the component each came from, int64 [n].</summary>
    public (Tensor Points, Tensor Components) Sample(int n, Generator? generator = null)
    {
        if (n < 0) throw new ArgumentException($"GaussianMixture1D.Sample: n must be non-negative, got {n}", nameof(n));
        var components = multinomial(tensor(weights), n, replacement: true, generator: generator);
        var mu = tensor(means).index_select(0, components);
        var sigma = tensor(stds).index_select(0, components);
        var x = mu + sigma * randn([n], generator: generator, dtype: float64);
        return (x.to(float32).unsqueeze(1), components);
    }

    /// <summary>log p(x) for every element of <paramref name="x"/> (same shape), differentiable: logsumexp_k (log w_k + log N(x; mu_k, sigma_k^2)).</summary>
    public Tensor LogDensity(Tensor x)
    {
        var mu = tensor(means, dtype: x.dtype);
        var sigma = tensor(stds, dtype: x.dtype);
        var logWeights = tensor(weights, dtype: x.dtype).log();
        var z = (x.unsqueeze(-1) - mu) / sigma;
        var logNormal = -0.5 * z.square() - sigma.log() - 0.5 * Math.Log(2 * Math.PI);
        return (logWeights + logNormal).logsumexp(-1);
    }
}
