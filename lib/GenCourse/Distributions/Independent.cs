namespace GenCourse.Distributions;

/// <summary>
/// Reinterprets the rightmost <c>reinterpreted_batch_ndims</c> batch dims of a distribution as event dims:
/// log_prob and entropy are summed over them. Independent(Normal(mu [B, d], sigma [B, d]), 1) is a
/// diagonal Gaussian over vectors of length d with batch_shape [B].
/// </summary>
public sealed class Independent : Distribution
{
    public Distribution base_dist { get; }

    public int reinterpreted_batch_ndims { get; }

    public Independent(Distribution base_distribution, int reinterpreted_batch_ndims)
        : this(base_distribution, reinterpreted_batch_ndims, SplitBatch(base_distribution, reinterpreted_batch_ndims))
    {
    }

    Independent(Distribution baseDistribution, int n, (long[] batch, long[] @event) shapes) : base(shapes.batch, shapes.@event)
    {
        base_dist = baseDistribution;
        reinterpreted_batch_ndims = n;
    }

    static (long[] batch, long[] @event) SplitBatch(Distribution d, int n)
    {
        var batch = d.batch_shape;
        if (n < 0 || n > batch.Length)
            throw new ArgumentException(
                $"Independent: reinterpreted_batch_ndims must be between 0 and the {batch.Length} batch dim(s) of the base distribution {d}, got {n}");
        return (batch[..^n], [.. batch[^n..], .. d.event_shape]);
    }

    public override bool has_rsample => base_dist.has_rsample;

    public override Tensor mean => base_dist.mean;

    public override Tensor variance => base_dist.variance;

    public override Tensor stddev => base_dist.stddev;

    public override Tensor sample(long[]? sample_shape = null, Generator? generator = null) => base_dist.sample(sample_shape, generator);

    public override Tensor rsample(long[]? sample_shape = null, Generator? generator = null) => base_dist.rsample(sample_shape, generator);

    public override Tensor log_prob(Tensor value) => DistributionArgs.SumRightmost(base_dist.log_prob(value), reinterpreted_batch_ndims);

    public override Tensor entropy() => DistributionArgs.SumRightmost(base_dist.entropy(), reinterpreted_batch_ndims);
}
