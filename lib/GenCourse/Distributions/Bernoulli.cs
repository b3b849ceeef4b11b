namespace GenCourse.Distributions;

/// <summary>
/// Bernoulli variables in {0, 1}, given by <c>probs</c> or (better for training) by <c>logits</c> = log(p / (1 - p));
/// log_prob is computed from the logits, so it stays exact for confident predictions.
/// </summary>
public sealed class Bernoulli : Distribution
{
    Tensor? probsValue, logitsValue;

    /// <summary>Exactly one of <paramref name="probs"/> (in [0, 1]) and <paramref name="logits"/>.</summary>
    public Bernoulli(Tensor? probs = null, Tensor? logits = null)
        : this(DistributionArgs.Floating(DistributionArgs.ExactlyOne("Bernoulli", probs, logits, (name, p) => DistributionArgs.Probability("Bernoulli", name, p))), probs is not null)
    {
    }

    Bernoulli(Tensor parameter, bool isProbs) : base(parameter.shape, [])
    {
        if (isProbs) probsValue = parameter;
        else logitsValue = parameter;
    }

    public Tensor probs => DistributionArgs.Cached(ref probsValue, () => logitsValue!.sigmoid());

    /// <summary>log(p / (1 - p)), with p clamped to [eps, 1 - eps] when given as probabilities (as in PyTorch).</summary>
    public Tensor logits => DistributionArgs.Cached(ref logitsValue, () => ProbsToLogits(probsValue!));

    static Tensor ProbsToLogits(Tensor p)
    {
        double eps = DistributionArgs.Eps(p.dtype);
        var clamped = p.clamp(eps, 1 - eps);
        return clamped.log() - (-clamped).log1p();
    }

    public override Tensor mean => probs;

    public override Tensor variance => probs * (1 - probs);

    public override Tensor sample(long[]? sample_shape = null, Generator? generator = null)
    {
        using (torch.no_grad()) return torch.bernoulli(probs.expand(ExtendedShape(sample_shape)), generator);
    }

    /// <summary>log p(x) = x log sigmoid(l) + (1 - x) log sigmoid(-l) = -[x softplus(-l) + (1 - x) softplus(l)].</summary>
    public override Tensor log_prob(Tensor value)
    {
        CheckValue(value);
        return -(value * DistributionArgs.Softplus(-logits) + (1 - value) * DistributionArgs.Softplus(logits));
    }

    /// <summary>H = -[p log p + (1 - p) log(1 - p)].</summary>
    public override Tensor entropy() => -log_prob(probs);
}
