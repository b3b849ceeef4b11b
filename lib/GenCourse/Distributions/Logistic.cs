namespace GenCourse.Distributions;

/// <summary>
/// The logistic distribution: CDF sigmoid((x - loc) / scale). A logistic variable is loc + scale logit(u) with
/// u ~ U(0, 1); it is the base distribution of discretised-logistic likelihoods (PixelCNN++).
/// </summary>
public sealed class Logistic : Distribution
{
    public Tensor loc { get; }

    public Tensor scale { get; }

    public Logistic(Tensor loc, Tensor scale)
        : this(DistributionArgs.Broadcast("Logistic", ("loc", loc), ("scale", DistributionArgs.Positive("Logistic", "scale", scale))))
    {
    }

    Logistic(Tensor[] p) : base(p[0].shape, []) => (loc, scale) = (p[0], p[1]);

    public override bool has_rsample => true;

    public override Tensor mean => loc;

    /// <summary>s^2 pi^2 / 3.</summary>
    public override Tensor variance => scale.square() * (Math.PI * Math.PI / 3);

    /// <summary>loc + scale logit(u), u ~ U(0, 1) kept away from 0.</summary>
    public override Tensor rsample(long[]? sample_shape = null, Generator? generator = null)
    {
        var u = torch.rand(ExtendedShape(sample_shape), generator: generator, dtype: loc.dtype).clamp(min: DistributionArgs.Tiny(loc.dtype));
        return loc + scale * (u.log() - (-u).log1p());
    }

    /// <summary>With z = (x - mu) / s: log p(x) = -z - 2 log(1 + e^-z) - log s.</summary>
    public override Tensor log_prob(Tensor value)
    {
        CheckValue(value);
        var z = (value - loc) / scale;
        return -z - 2 * DistributionArgs.Softplus(-z) - scale.log();
    }

    /// <summary>H = log s + 2.</summary>
    public override Tensor entropy() => scale.log() + 2;

    public override Tensor cdf(Tensor value)
    {
        CheckValue(value, "cdf");
        return ((value - loc) / scale).sigmoid();
    }

    /// <summary>mu + s log(p / (1 - p)).</summary>
    public override Tensor icdf(Tensor value)
    {
        CheckValue(value, "icdf");
        return loc + scale * (value.log() - (-value).log1p());
    }
}
