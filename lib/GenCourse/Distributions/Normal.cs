namespace GenCourse.Distributions;

/// <summary>The Gaussian N(loc, scale^2), elementwise over its batch shape.</summary>
public sealed class Normal : Distribution
{
    const double HalfLog2Pi = 0.91893853320467274;

    public Tensor loc { get; }

    public Tensor scale { get; }

    public Normal(Tensor loc, Tensor scale)
        : this(DistributionArgs.Broadcast("Normal", ("loc", loc), ("scale", DistributionArgs.Positive("Normal", "scale", scale))))
    {
    }

    Normal(Tensor[] p) : base(p[0].shape, []) => (loc, scale) = (p[0], p[1]);

    public override bool has_rsample => true;

    public override Tensor mean => loc;

    public override Tensor stddev => scale;

    public override Tensor variance => scale.square();

    /// <summary>loc + scale * eps with eps ~ N(0, 1): the reparameterisation trick.</summary>
    public override Tensor rsample(long[]? sample_shape = null, Generator? generator = null) =>
        loc + scale * torch.randn(ExtendedShape(sample_shape), generator: generator, dtype: loc.dtype);

    /// <summary>log N(x; mu, sigma^2) = -(x - mu)^2 / (2 sigma^2) - log sigma - log(2 pi) / 2.</summary>
    public override Tensor log_prob(Tensor value)
    {
        CheckValue(value);
        return -(value - loc).square() / (2 * scale.square()) - scale.log() - HalfLog2Pi;
    }

    /// <summary>H = 1/2 + log(2 pi) / 2 + log sigma.</summary>
    public override Tensor entropy() => scale.log() + (0.5 + HalfLog2Pi);

    /// <summary>Phi((x - mu) / sigma) = (1 + erf((x - mu) / (sigma sqrt 2))) / 2.</summary>
    public override Tensor cdf(Tensor value)
    {
        CheckValue(value, "cdf");
        return ((value - loc) / (scale * Math.Sqrt(2))).erf() * 0.5 + 0.5;
    }

    /// <summary>mu + sigma sqrt(2) erfinv(2 p - 1).</summary>
    public override Tensor icdf(Tensor value)
    {
        CheckValue(value, "icdf");
        return loc + scale * (value * 2 - 1).erfinv() * Math.Sqrt(2);
    }
}
