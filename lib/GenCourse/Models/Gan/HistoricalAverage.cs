namespace GenCourse.Models.Gan;

/// <summary>
/// Historical averaging (Salimans et al. 2016, section 3.3): the penalty ||theta - (1/t) sum_{i=1..t} theta[i]||^2 that
/// pulls a player's parameters towards the mean of their past values theta[1..t], damping the oscillation of the game.
/// <see cref="Record"/> adds the current values to the history (after each update); <see cref="Penalty"/> is 0 until then.
/// </summary>
public sealed class HistoricalAverage
{
    readonly Tensor[] parameters, means;

    public HistoricalAverage(IEnumerable<Tensor> parameters)
    {
        this.parameters = parameters.ToArray();
        if (this.parameters.Length == 0) throw new ArgumentException("HistoricalAverage: got no parameters", nameof(parameters));
        means = this.parameters.Select(p => zeros_like(p)).ToArray();
    }

    /// <summary>Number of recorded past values.</summary>
    public int Count { get; private set; }

    /// <summary>The mean of the recorded values of each parameter.</summary>
    public IReadOnlyList<Tensor> Means => means;

    /// <summary>sum over parameters of ||theta - mean of past theta||^2 (differentiable in theta); 0 with no history.</summary>
    public Tensor Penalty()
    {
        if (Count == 0) return zeros([], parameters[0].dtype);
        return parameters.Select((p, i) => (p - means[i]).square().sum()).Aggregate((a, b) => a + b);
    }

    /// <summary>Adds the parameters' current values to the history (running mean: m += (theta - m) / t).</summary>
    public void Record()
    {
        Count++;
        using var _ = no_grad();
        for (int i = 0; i < parameters.Length; i++)
            means[i].add_((parameters[i].detach() - means[i]) / Count);
    }
}
