namespace GenCourse.Distributions;

/// <summary>
/// A mixture of K components of one family: p(x) = sum_k pi_k p_k(x). The rightmost batch dim of
/// <c>component_distribution</c> indexes the K components; <c>mixture_distribution</c> is a Categorical over them
/// with the remaining batch shape. For a Gaussian mixture in 2-D: Categorical(logits [K]) and
/// Independent(Normal(loc [K, 2], scale [K, 2]), 1).
/// </summary>
public sealed class MixtureSameFamily : Distribution
{
    public Categorical mixture_distribution { get; }

    public Distribution component_distribution { get; }

    public MixtureSameFamily(Categorical mixture_distribution, Distribution component_distribution)
        : base(CheckedBatch(mixture_distribution, component_distribution), component_distribution.event_shape)
    {
        this.mixture_distribution = mixture_distribution;
        this.component_distribution = component_distribution;
    }

    static long[] CheckedBatch(Categorical mixture, Distribution components)
    {
        var cb = components.batch_shape;
        if (cb.Length == 0 || cb[^1] != mixture.num_events || !cb[..^1].SequenceEqual(mixture.batch_shape))
            throw new ArgumentException(
                $"MixtureSameFamily: the component distribution's batch_shape {Shape.Format(cb)} must be the mixture's batch_shape " +
                $"{Shape.Format(mixture.batch_shape)} followed by its {mixture.num_events} components, i.e. {Shape.Format([.. mixture.batch_shape, mixture.num_events])}");
        return cb[..^1];
    }

    int EventDims => event_shape.Length;

    /// <summary>The mixture weights shaped to multiply per-component quantities [..., K, event...].</summary>
    Tensor Weights
    {
        get
        {
            var w = mixture_distribution.probs;
            for (int i = 0; i < EventDims; i++) w = w.unsqueeze(-1);
            return w;
        }
    }

    /// <summary>sum_k pi_k mu_k.</summary>
    public override Tensor mean => (Weights * component_distribution.mean).sum(-1 - EventDims);

    /// <summary>Law of total variance: sum_k pi_k var_k + sum_k pi_k (mu_k - mu)^2.</summary>
    public override Tensor variance
    {
        get
        {
            int k = -1 - EventDims;
            var spread = (component_distribution.mean - mean.unsqueeze(k)).square();
            return (Weights * component_distribution.variance).sum(k) + (Weights * spread).sum(k);
        }
    }

    /// <summary>log p(x) = logsumexp_k (log pi_k + log p_k(x)).</summary>
    public override Tensor log_prob(Tensor value)
    {
        CheckValue(value);
        var perComponent = component_distribution.log_prob(value.unsqueeze(-1 - EventDims));
        return (perComponent + mixture_distribution.logits).logsumexp(-1);
    }

    /// <summary>Draws a component index from the mixture, then the value from that component.</summary>
    public override Tensor sample(long[]? sample_shape = null, Generator? generator = null)
    {
        using (torch.no_grad())
        {
            var chosen = mixture_distribution.sample(sample_shape, generator);
            var all = component_distribution.sample(sample_shape, generator);
            var index = chosen.reshape([.. chosen.shape, .. Enumerable.Repeat(1L, EventDims + 1)])
                .expand([.. chosen.shape, 1, .. event_shape]);
            return all.gather(-1 - EventDims, index).squeeze(-1 - EventDims);
        }
    }
}
