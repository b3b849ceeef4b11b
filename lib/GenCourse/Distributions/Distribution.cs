namespace GenCourse.Distributions;

/// <summary>
/// A probability distribution with PyTorch's interface. It holds <see cref="batch_shape"/> independent
/// distributions, each over values of <see cref="event_shape"/>: a sample has shape
/// sample_shape + batch_shape + event_shape, and <see cref="log_prob"/> gives one value per batch element.
/// </summary>
public abstract class Distribution
{
    static bool validateArgs = true;
    readonly long[] batchShape, eventShape;

    protected Distribution(long[] batch_shape, long[] event_shape)
    {
        batchShape = (long[])batch_shape.Clone();
        eventShape = (long[])event_shape.Clone();
    }

    /// <summary>Whether constructors check their arguments (positive scales, probabilities in [0, 1], ...); on by default, like PyTorch.</summary>
    public static void set_default_validate_args(bool value) => validateArgs = value;

    internal static bool ValidateArgs => validateArgs;

    /// <summary>The shape of the independent (not identical) distributions this object holds.</summary>
    public long[] batch_shape => (long[])batchShape.Clone();

    /// <summary>The shape of one value: [] for a scalar distribution, [d] for a d-dimensional one.</summary>
    public long[] event_shape => (long[])eventShape.Clone();

    /// <summary>Whether <see cref="rsample"/> exists, i.e. samples can carry gradients to the parameters.</summary>
    public virtual bool has_rsample => false;

    public virtual Tensor mean => throw NotAvailable("mean");

    public virtual Tensor variance => throw NotAvailable("variance");

    public virtual Tensor stddev => variance.sqrt();

    /// <summary>Draws samples of shape sample_shape + batch_shape + event_shape, without gradients.</summary>
    public virtual Tensor sample(long[]? sample_shape = null, Generator? generator = null)
    {
        using (torch.no_grad()) return rsample(sample_shape, generator);
    }

    /// <summary>Draws reparameterised samples (a differentiable function of the parameters and of parameter-free noise).</summary>
    public virtual Tensor rsample(long[]? sample_shape = null, Generator? generator = null) =>
        throw new NotSupportedException(
            $"{Name}.rsample: {Name} has no reparameterised sampler, so samples cannot carry gradients to its parameters; " +
            "use sample() (no gradient) or a score-function estimator");

    /// <summary>The log density (or log mass) of <paramref name="value"/>, one number per batch element.</summary>
    public abstract Tensor log_prob(Tensor value);

    public virtual Tensor entropy() => throw NotAvailable("entropy");

    /// <summary>The cumulative distribution function P(X &lt;= value).</summary>
    public virtual Tensor cdf(Tensor value) => throw NotAvailable("cdf");

    /// <summary>The inverse of <see cref="cdf"/> (the quantile function).</summary>
    public virtual Tensor icdf(Tensor value) => throw NotAvailable("icdf");

    internal string Name => GetType().Name;

    NotSupportedException NotAvailable(string member) =>
        new($"{Name}.{member}: not available in closed form for {Name}");

    /// <summary>sample_shape + batch_shape + event_shape.</summary>
    protected long[] ExtendedShape(long[]? sample_shape) => [.. sample_shape ?? [], .. batchShape, .. eventShape];

    /// <summary>Checks that a value ends with event_shape and broadcasts against batch_shape; the error names both shapes.</summary>
    protected void CheckValue(Tensor value, string op = "log_prob")
    {
        int e = eventShape.Length;
        bool fits = value.dim() >= e && value.shape[(value.dim() - e)..].SequenceEqual(eventShape);
        if (fits)
        {
            var valueBatch = value.shape[..(value.dim() - e)];
            for (int i = 1; i <= Math.Min(valueBatch.Length, batchShape.Length); i++)
                fits &= valueBatch[^i] == batchShape[^i] || valueBatch[^i] == 1 || batchShape[^i] == 1;
        }
        if (!fits)
            throw new ArgumentException(
                $"{Name}.{op}: a value of shape {Shape.Format(value.shape)} does not fit batch_shape {Shape.Format(batchShape)} " +
                $"and event_shape {Shape.Format(eventShape)}: it must end with the event shape, and its other dims must broadcast against the batch shape");
    }

    public override string ToString() => $"{Name}(batch_shape={Shape.Format(batchShape)}, event_shape={Shape.Format(eventShape)})";
}
