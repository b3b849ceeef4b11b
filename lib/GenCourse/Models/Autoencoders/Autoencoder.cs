namespace GenCourse.Models.Autoencoders;

/// <summary>
/// A deterministic autoencoder x -> z = f(x) -> g(z), trained to reconstruct its input. The decoder outputs
/// logits (binary cross-entropy loss, for pixels in [0, 1]) or values (squared error).
/// </summary>
public sealed class Autoencoder : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> encoder, decoder;

    public Autoencoder(nn.Module<Tensor, Tensor> encoder, nn.Module<Tensor, Tensor> decoder, int latentDim, bool logits = true)
        : base(nameof(Autoencoder))
    {
        (this.encoder, this.decoder, LatentDim, OutputsLogits) = (encoder, decoder, latentDim, logits);
        RegisterComponents();
    }

    /// <summary>MLP autoencoder input -> hidden... -> latent -> reversed hidden... -> input, ReLU between layers.</summary>
    public static Autoencoder Mlp(int inputDim, int[] hidden, int latentDim, bool logits = true)
    {
        var enc = new List<nn.Module<Tensor, Tensor>> { nn.Flatten() };
        enc.AddRange(MlpLayers.Build(inputDim, hidden, latentDim));
        var dec = MlpLayers.Build(latentDim, Enumerable.Reverse(hidden), inputDim);
        return new Autoencoder(nn.Sequential(enc.ToArray()), nn.Sequential(dec.ToArray()), latentDim, logits);
    }

    /// <summary>Convolutional autoencoder for 1 x 28 x 28 images (stride-2 convolutions down to 7 x 7, transposed back up).</summary>
    public static Autoencoder Conv28(int latentDim, bool logits = true) => new(
        nn.Sequential(
            nn.Conv2d(1, 32, 4, stride: 2, padding: 1), nn.ReLU(),
            nn.Conv2d(32, 64, 4, stride: 2, padding: 1), nn.ReLU(),
            nn.Flatten(), nn.Linear(64 * 7 * 7, latentDim)),
        nn.Sequential(
            nn.Linear(latentDim, 64 * 7 * 7), nn.ReLU(), nn.Unflatten(1, [64, 7, 7]),
            nn.ConvTranspose2d(64, 32, 4, stride: 2, padding: 1), nn.ReLU(),
            nn.ConvTranspose2d(32, 1, 4, stride: 2, padding: 1)),
        latentDim, logits);

    public int LatentDim { get; }

    /// <summary>Whether the decoder outputs logits (Bernoulli pixels) rather than values.</summary>
    public bool OutputsLogits { get; }

    public Tensor Encode(Tensor x) => encoder.forward(x);

    /// <summary>Decoder output: logits when <see cref="OutputsLogits"/>, else values.</summary>
    public Tensor Decode(Tensor z) => decoder.forward(z);

    public override Tensor forward(Tensor x) => Decode(Encode(x));

    /// <summary>Reconstructions in data space (sigmoid of the logits when the decoder outputs logits).</summary>
    public Tensor Reconstruct(Tensor x)
    {
        using var _ = no_grad();
        return ToData(forward(x)).reshape(x.shape);
    }

    internal Tensor ToData(Tensor output) => OutputsLogits ? output.sigmoid() : output;

    /// <summary>Reconstruction loss of <paramref name="target"/> from decoder output, summed over pixels and averaged over the batch.</summary>
    public Tensor ReconstructionLoss(Tensor output, Tensor target)
    {
        var (o, t) = (output.flatten(1), target.flatten(1));
        var perPixel = OutputsLogits
            ? F.binary_cross_entropy_with_logits(o, t, reduction: nn.Reduction.None)
            : F.mse_loss(o, t, nn.Reduction.None);
        return perPixel.sum(1).mean();
    }

    /// <summary>The loss of plain autoencoder training: reconstruct x from x.</summary>
    public Tensor Loss(Tensor x) => ReconstructionLoss(forward(x), x);
}
