namespace GenCourse.Distributions;

/// <summary>
/// The distribution of Y = f_n(...f_1(X)) for X from a base distribution and invertible elementwise transforms:
/// log p(y) = log p_X(x) - sum_i log|df_i/dx| (change of variables). A log-normal is
/// TransformedDistribution(Normal(mu, sigma), ExpTransform()).
/// </summary>
public sealed class TransformedDistribution : Distribution
{
    public Distribution base_dist { get; }

    public IReadOnlyList<Transform> transforms { get; }

    public TransformedDistribution(Distribution base_distribution, params Transform[] transforms)
        : base(base_distribution.batch_shape, base_distribution.event_shape)
    {
        base_dist = base_distribution;
        this.transforms = transforms.ToArray();
    }

    public override bool has_rsample => base_dist.has_rsample;

    public override Tensor sample(long[]? sample_shape = null, Generator? generator = null)
    {
        using (torch.no_grad()) return Forward(base_dist.sample(sample_shape, generator));
    }

    public override Tensor rsample(long[]? sample_shape = null, Generator? generator = null) =>
        Forward(base_dist.rsample(sample_shape, generator));

    Tensor Forward(Tensor x)
    {
        foreach (var t in transforms) x = t.forward(x);
        return x;
    }

    /// <summary>Walks the transforms backwards: log p(y) = log p_X(x) - sum_i log|det J_i|, summed over the event dims.</summary>
    public override Tensor log_prob(Tensor value)
    {
        var y = value;
        Tensor? logDet = null;
        foreach (var t in transforms.Reverse())
        {
            var x = t.inverse(y);
            var term = DistributionArgs.SumRightmost(t.log_abs_det_jacobian(x, y), event_shape.Length);
            logDet = logDet is null ? term : logDet + term;
            y = x;
        }
        var baseLogProb = base_dist.log_prob(y);
        return logDet is null ? baseLogProb : baseLogProb - logDet;
    }

    /// <summary>P(Y &lt;= y) = P(X &lt;= f^-1(y)) for an increasing f (1 - that for a decreasing one).</summary>
    public override Tensor cdf(Tensor value)
    {
        foreach (var t in transforms.Reverse()) value = t.inverse(value);
        var p = base_dist.cdf(value);
        return Sign("cdf") > 0 ? p : 1 - p;
    }

    public override Tensor icdf(Tensor value) =>
        Forward(base_dist.icdf(Sign("icdf") > 0 ? value : 1 - value));

    int Sign(string op)
    {
        int sign = transforms.Aggregate(1, (s, t) => s * t.sign);
        if (sign == 0)
            throw new NotSupportedException($"TransformedDistribution.{op}: needs monotone transforms, but one of [{string.Join(", ", transforms)}] is increasing in some elements and decreasing in others");
        return sign;
    }
}
