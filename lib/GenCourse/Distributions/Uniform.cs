namespace GenCourse.Distributions;

/// <summary>The continuous uniform distribution on [low, high).</summary>
public sealed class Uniform : Distribution
{
    public Tensor low { get; }

    public Tensor high { get; }

    public Uniform(Tensor low, Tensor high) : this(DistributionArgs.Broadcast("Uniform", ("low", low), ("high", high)))
    {
    }

    Uniform(Tensor[] p) : base(p[0].shape, [])
    {
        (low, high) = (p[0], p[1]);
        DistributionArgs.Positive("Uniform", "high - low", (high - low).detach());
    }

    public override bool has_rsample => true;

    public override Tensor mean => (low + high) / 2;

    /// <summary>(high - low)^2 / 12.</summary>
    public override Tensor variance => (high - low).square() / 12;

    public override Tensor stddev => (high - low) / Math.Sqrt(12);

    /// <summary>low + (high - low) u with u ~ U[0, 1).</summary>
    public override Tensor rsample(long[]? sample_shape = null, Generator? generator = null) =>
        low + (high - low) * torch.rand(ExtendedShape(sample_shape), generator: generator, dtype: low.dtype);

    /// <summary>-log(high - low) inside [low, high), -inf outside.</summary>
    public override Tensor log_prob(Tensor value)
    {
        CheckValue(value);
        var inside = low.le(value).logical_and(value.lt(high));
        return inside.to(value.dtype).log() - (high - low).log();
    }

    public override Tensor entropy() => (high - low).log();

    public override Tensor cdf(Tensor value)
    {
        CheckValue(value, "cdf");
        return ((value - low) / (high - low)).clamp(0, 1);
    }

    public override Tensor icdf(Tensor value)
    {
        CheckValue(value, "icdf");
        return low + value * (high - low);
    }
}
