namespace GenCourse.Distributions;

/// <summary>The Laplace (double exponential) distribution with density exp(-|x - loc| / scale) / (2 scale).</summary>
public sealed class Laplace : Distribution
{
    public Tensor loc { get; }

    public Tensor scale { get; }

    public Laplace(Tensor loc, Tensor scale)
        : this(DistributionArgs.Broadcast("Laplace", ("loc", loc), ("scale", DistributionArgs.Positive("Laplace", "scale", scale))))
    {
    }

    Laplace(Tensor[] p) : base(p[0].shape, []) => (loc, scale) = (p[0], p[1]);

    public override bool has_rsample => true;

    public override Tensor mean => loc;

    public override Tensor variance => scale.square() * 2;

    public override Tensor stddev => scale * Math.Sqrt(2);

    /// <summary>loc - scale sign(u) log(1 - |u|) with u ~ U(-1, 1): the inverse CDF applied to uniform noise.</summary>
    public override Tensor rsample(long[]? sample_shape = null, Generator? generator = null)
    {
        double eps = DistributionArgs.Eps(loc.dtype);
        var u = torch.rand(ExtendedShape(sample_shape), generator: generator, dtype: loc.dtype) * (2 - eps) + (eps - 1);
        return loc - scale * u.sign() * (-u.abs()).log1p();
    }

    /// <summary>log p(x) = -log(2 b) - |x - mu| / b.</summary>
    public override Tensor log_prob(Tensor value)
    {
        CheckValue(value);
        return -(scale * 2).log() - (value - loc).abs() / scale;
    }

    /// <summary>H = 1 + log(2 b).</summary>
    public override Tensor entropy() => (scale * 2).log() + 1;

    /// <summary>1/2 - sign(x - mu) (exp(-|x - mu| / b) - 1) / 2.</summary>
    public override Tensor cdf(Tensor value)
    {
        CheckValue(value, "cdf");
        var z = value - loc;
        return 0.5 - z.sign() * (-z.abs() / scale).expm1() * 0.5;
    }

    /// <summary>mu - b sign(p - 1/2) log(1 - 2 |p - 1/2|).</summary>
    public override Tensor icdf(Tensor value)
    {
        CheckValue(value, "icdf");
        var t = value - 0.5;
        return loc - scale * t.sign() * (t.abs() * -2).log1p();
    }
}
