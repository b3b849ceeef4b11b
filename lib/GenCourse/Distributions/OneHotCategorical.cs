namespace GenCourse.Distributions;

/// <summary>A categorical variable written as a one-hot vector of length K (event_shape [K]).</summary>
public sealed class OneHotCategorical : Distribution
{
    readonly Categorical categorical;

    /// <summary>Exactly one of <paramref name="probs"/> and <paramref name="logits"/>, each [..., K].</summary>
    public OneHotCategorical(Tensor? probs = null, Tensor? logits = null) : this(new Categorical(probs, logits))
    {
    }

    OneHotCategorical(Categorical categorical) : base(categorical.batch_shape, [categorical.num_events]) => this.categorical = categorical;

    public Tensor probs => categorical.probs;

    public Tensor logits => categorical.logits;

    public override Tensor mean => probs;

    public override Tensor variance => probs * (1 - probs);

    /// <summary>One-hot vectors (in the dtype of the probabilities) of shape sample_shape + batch_shape + [K].</summary>
    public override Tensor sample(long[]? sample_shape = null, Generator? generator = null) =>
        F.one_hot(categorical.sample(sample_shape, generator), categorical.num_events).to(probs.dtype);

    /// <summary>The log-probability of the category each one-hot vector marks.</summary>
    public override Tensor log_prob(Tensor value)
    {
        CheckValue(value);
        return categorical.log_prob(value.argmax(-1));
    }

    public override Tensor entropy() => categorical.entropy();

    internal Categorical AsCategorical => categorical;
}
