namespace GenCourse.Models.Autoencoders;

/// <summary>
/// A denoising autoencoder (Vincent et al. 2008) seen as a generative model (Bengio et al. 2013): it learns
/// P(X | X~) for corrupted X~ ~ C(X~ | X); alternating corruption and sampling from P(X | X~) is a Markov chain whose
/// stationary distribution estimates the data distribution. Pixels are Bernoulli (decoder logits).
/// </summary>
public sealed class DenoisingAutoencoder(Autoencoder autoencoder, Corruption corruption)
{
    public Autoencoder Autoencoder { get; } = autoencoder;

    public Corruption Corruption { get; } = corruption;

    /// <summary>Reconstruction loss of clean x from one corrupted copy.</summary>
    public Tensor Loss(Tensor x, Generator? generator = null) =>
        Autoencoder.ReconstructionLoss(Autoencoder.forward(Corruption.Apply(x, generator)), x);

    /// <summary>
    /// Walk-back training (Bengio et al. 2013, Sec. 3.4): from x, corrupt, sample x* ~ P(X | x~), corrupt again, ...;
    /// every visited x~ is trained to reconstruct the original x, which removes spurious modes far from the data.
    /// Returns the mean loss over the <paramref name="steps"/> walk-back steps.
    /// </summary>
    public Tensor WalkbackLoss(Tensor x, int steps, Generator? generator = null)
    {
        if (steps < 1) throw new ArgumentException($"WalkbackLoss: steps must be >= 1, got {steps}");
        var losses = new List<Tensor>();
        var current = x;
        for (int k = 0; k < steps; k++)
        {
            var output = Autoencoder.forward(Corruption.Apply(current, generator));
            losses.Add(Autoencoder.ReconstructionLoss(output, x));
            using (no_grad()) current = SampleFrom(output, generator).reshape(x.shape);
        }
        return stack(losses).mean();
    }

    Tensor SampleFrom(Tensor output, Generator? generator) =>
        Autoencoder.OutputsLogits ? bernoulli(output.detach().sigmoid(), generator) : output.detach();

    /// <summary>
    /// Runs the chain x_{t+1} ~ P(X | C(x_t)) from <paramref name="start"/> and returns the means E[X | C(x_t)]
    /// of every step (what is shown as the chain's images), shape [steps, ...start.shape].
    /// </summary>
    public Tensor SampleChain(Tensor start, int steps, Generator? generator = null)
    {
        using var _ = no_grad();
        var states = new List<Tensor>();
        var x = start;
        for (int t = 0; t < steps; t++)
        {
            var output = Autoencoder.forward(Corruption.Apply(x, generator));
            states.Add(Autoencoder.ToData(output).reshape(start.shape));
            x = SampleFrom(output, generator).reshape(start.shape);
        }
        return stack(states);
    }
}
