namespace GenCourse.Distributions;

/// <summary>
/// The Beta distribution on (0, 1) with density x^(a-1) (1-x)^(b-1) / B(a, b), where a = concentration1 and
/// b = concentration0. Sampled as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b); there is no rsample.
/// </summary>
public sealed class Beta : Distribution
{
    public Tensor concentration1 { get; }

    public Tensor concentration0 { get; }

    public Beta(Tensor concentration1, Tensor concentration0)
        : this(DistributionArgs.Broadcast("Beta",
            ("concentration1", DistributionArgs.Positive("Beta", "concentration1", concentration1)),
            ("concentration0", DistributionArgs.Positive("Beta", "concentration0", concentration0))))
    {
    }

    Beta(Tensor[] p) : base(p[0].shape, []) => (concentration1, concentration0) = (p[0], p[1]);

    Tensor Total => concentration1 + concentration0;

    /// <summary>log B(a, b) = log Gamma(a) + log Gamma(b) - log Gamma(a + b).</summary>
    Tensor LogBeta => concentration1.lgamma() + concentration0.lgamma() - Total.lgamma();

    /// <summary>a / (a + b).</summary>
    public override Tensor mean => concentration1 / Total;

    /// <summary>a b / ((a + b)^2 (a + b + 1)).</summary>
    public override Tensor variance => concentration1 * concentration0 / (Total.square() * (Total + 1));

    /// <summary>X / (X + Y) = sigmoid(log X - log Y) for X ~ Gamma(a), Y ~ Gamma(b), kept inside (0, 1).</summary>
    public override Tensor sample(long[]? sample_shape = null, Generator? generator = null)
    {
        var shape = ExtendedShape(sample_shape);
        var a = concentration1.detach().expand(shape).ToArray<double>();
        var b = concentration0.detach().expand(shape).ToArray<double>();
        var gen = torch.Gen(generator);
        var dtype = concentration1.dtype;
        double lowest = DistributionArgs.Tiny(dtype), highest = 1 - DistributionArgs.Eps(dtype);
        var values = new double[a.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double logX = GammaSampler.LogSample(a[i], gen), logY = GammaSampler.LogSample(b[i], gen);
            values[i] = Math.Clamp(1 / (1 + Math.Exp(logY - logX)), lowest, highest);
        }
        return torch.FromDoubles(values, shape, dtype);
    }

    /// <summary>log p(x) = (a - 1) log x + (b - 1) log(1 - x) - log B(a, b).</summary>
    public override Tensor log_prob(Tensor value)
    {
        CheckValue(value);
        return (concentration1 - 1) * value.log() + (concentration0 - 1) * (-value).log1p() - LogBeta;
    }

    /// <summary>H = log B(a, b) - (a - 1) psi(a) - (b - 1) psi(b) + (a + b - 2) psi(a + b).</summary>
    public override Tensor entropy() =>
        LogBeta - (concentration1 - 1) * concentration1.digamma() - (concentration0 - 1) * concentration0.digamma()
        + (Total - 2) * Total.digamma();
}
