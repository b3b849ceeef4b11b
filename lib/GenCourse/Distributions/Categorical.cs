namespace GenCourse.Distributions;

/// <summary>
/// A distribution over the categories 0..K-1 (int64 values), given by <c>probs</c> (non-negative weights,
/// normalised over the last dim) or <c>logits</c> (unnormalised log-probabilities). The last dim holds the
/// K categories; the dims before it are the batch.
/// </summary>
public sealed class Categorical : Distribution
{
    Tensor? probsValue, logitsValue;

    /// <summary>Exactly one of <paramref name="probs"/> and <paramref name="logits"/>, each [..., K].</summary>
    public Categorical(Tensor? probs = null, Tensor? logits = null) : this(Normalised("Categorical", probs, logits), probs is not null)
    {
    }

    Categorical(Tensor parameter, bool isProbs) : base(parameter.shape[..^1], [])
    {
        if (isProbs) probsValue = parameter;
        else logitsValue = parameter;
    }

    static Tensor Normalised(string distribution, Tensor? probs, Tensor? logits)
    {
        var p = DistributionArgs.Floating(DistributionArgs.ExactlyOne(distribution, probs, logits, (name, w) => DistributionArgs.NonNegative(distribution, name, w)));
        if (p.dim() == 0)
            throw new ArgumentException($"{distribution}: {(probs is null ? "logits" : "probs")} must have at least one dimension [..., K] (the categories), got a 0-d tensor");
        return probs is null ? p - p.logsumexp(-1, keepdim: true) : p / p.sum(-1, keepdim: true);
    }

    /// <summary>The number of categories K.</summary>
    public long num_events => (probsValue ?? logitsValue!).shape[^1];

    /// <summary>The category probabilities [..., K] (summing to 1).</summary>
    public Tensor probs => DistributionArgs.Cached(ref probsValue, () => logitsValue!.softmax(-1));

    /// <summary>The normalised log-probabilities [..., K]; a zero probability gives log(eps) rather than -inf (as in PyTorch).</summary>
    public Tensor logits => DistributionArgs.Cached(ref logitsValue, () => probsValue!.clamp(DistributionArgs.Eps(probsValue.dtype), 1 - DistributionArgs.Eps(probsValue.dtype)).log());

    /// <summary>Undefined for categories: NaN, as in PyTorch.</summary>
    public override Tensor mean => torch.full(batch_shape, double.NaN, probs.dtype);

    public override Tensor variance => torch.full(batch_shape, double.NaN, probs.dtype);

    /// <summary>int64 category indices of shape sample_shape + batch_shape.</summary>
    public override Tensor sample(long[]? sample_shape = null, Generator? generator = null)
    {
        var shape = ExtendedShape(sample_shape);
        long count = sample_shape?.Aggregate(1L, (a, b) => a * b) ?? 1;
        using (torch.no_grad())
        {
            var rows = probs.detach().reshape(-1, num_events);
            return torch.multinomial(rows, count, replacement: true, generator).t().reshape(shape);
        }
    }

    /// <summary>log p(k) = logits[k] (the normalised logits), picked with gather.</summary>
    public override Tensor log_prob(Tensor value)
    {
        CheckValue(value);
        CheckCategories(value);
        var logpmf = logits;
        var shape = Shape.Broadcast([.. value.dims, 1], logpmf.dims, "Categorical.log_prob").Select(d => (long)d).ToArray();
        var index = value.unsqueeze(-1).expand([.. shape[..^1], 1]);
        return logpmf.expand(shape).gather(-1, index).squeeze(-1);
    }

    void CheckCategories(Tensor value)
    {
        if (value.dtype != ScalarType.Int64)
            throw new ArgumentException($"{Name}.log_prob: expects int64 category indices, got {value.dtype.TorchName()} (convert with .@long())");
        var data = value.ToArray<long>();
        int bad = Array.FindIndex(data, k => k < 0 || k >= num_events);
        if (bad >= 0)
            throw new ArgumentException($"{Name}.log_prob: category {data[bad]} is outside 0..{num_events - 1}");
    }

    /// <summary>H = -sum_k p_k log p_k.</summary>
    public override Tensor entropy()
    {
        double lowest = logits.dtype == ScalarType.Float32 ? float.MinValue : double.MinValue;
        return -(logits.clamp(min: lowest) * probs).sum(-1);
    }
}
