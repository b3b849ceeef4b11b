namespace GenCourse.Models.Vae;

/// <summary>
/// Variational autoencoder (Kingma &amp; Welling, 2014) with a Gaussian encoder q(z|x) = N(mu, diag sigma^2),
/// prior p(z) = N(0, I) and a decoder likelihood p(x|z) (Bernoulli or Gaussian). Optional class conditioning
/// (CVAE: the one-hot label is concatenated to the encoder's and the decoder's inputs).
/// </summary>
public sealed class Vae : nn.Module<Tensor, (Tensor output, Tensor mu, Tensor logVar)>
{
    readonly nn.Module<Tensor, Tensor> encoder, decoder;
    readonly Linear toMu, toLogVar;

    public Vae(nn.Module<Tensor, Tensor> encoder, long encoderWidth, nn.Module<Tensor, Tensor> decoder, int latentDim,
        Likelihood? likelihood = null, int numClasses = 0, double beta = 1) : base(nameof(Vae))
    {
        (this.encoder, this.decoder) = (encoder, decoder);
        (LatentDim, Likelihood, NumClasses, Beta) = (latentDim, likelihood ?? Likelihood.Bernoulli, numClasses, beta);
        toMu = nn.Linear(encoderWidth, latentDim);
        toLogVar = nn.Linear(encoderWidth, latentDim);
        RegisterComponents();
    }

    /// <summary>An MLP VAE: input -> hidden... -> (mu, logVar) and latent -> reversed hidden... -> input, with ReLU.</summary>
    public static Vae Mlp(int inputDim, int[] hidden, int latentDim, Likelihood? likelihood = null, int numClasses = 0, double beta = 1)
    {
        var encoder = nn.Sequential(nn.Flatten(), nn.Sequential(MlpLayers.Build(inputDim + numClasses, hidden, null).ToArray()));
        var decoder = nn.Sequential(MlpLayers.Build(latentDim + numClasses, Enumerable.Reverse(hidden), inputDim).ToArray());
        return new Vae(encoder, hidden[^1], decoder, latentDim, likelihood, numClasses, beta);
    }

    /// <summary>
    /// A convolutional VAE for 1 x 28 x 28 images: two stride-2 convolutions (32, 64 channels) and a 256-unit layer
    /// in the encoder, the mirror image with transposed convolutions in the decoder (output logits [N, 1, 28, 28]).
    /// </summary>
    public static Vae Conv28(int latentDim, Likelihood? likelihood = null, double beta = 1)
    {
        var encoder = nn.Sequential(
            nn.Conv2d(1, 32, 4, stride: 2, padding: 1), nn.ReLU(),
            nn.Conv2d(32, 64, 4, stride: 2, padding: 1), nn.ReLU(),
            nn.Flatten(), nn.Linear(64 * 7 * 7, 256), nn.ReLU());
        var decoder = nn.Sequential(
            nn.Linear(latentDim, 256), nn.ReLU(), nn.Linear(256, 64 * 7 * 7), nn.ReLU(), nn.Unflatten(1, [64, 7, 7]),
            nn.ConvTranspose2d(64, 32, 4, stride: 2, padding: 1), nn.ReLU(),
            nn.ConvTranspose2d(32, 1, 4, stride: 2, padding: 1));
        return new Vae(encoder, 256, decoder, latentDim, likelihood, 0, beta);
    }

    public int LatentDim { get; }

    public Likelihood Likelihood { get; }

    /// <summary>Number of classes for a conditional VAE (0 for an unconditional one).</summary>
    public int NumClasses { get; }

    /// <summary>Weight of the KL term (beta-VAE, Higgins et al. 2017); 1 gives the ELBO.</summary>
    public double Beta { get; set; }

    // CVAE conditioning: the one-hot label is appended to the (flattened) input.
    Tensor WithLabel(Tensor input, Tensor? labels)
    {
        if (NumClasses == 0)
        {
            if (labels is not null) throw new ArgumentException("Vae: labels were given to an unconditional VAE (numClasses = 0)");
            return input;
        }
        if (labels is null) throw new ArgumentException($"Vae: this conditional VAE needs int64 labels in [0, {NumClasses})");
        return cat([input.flatten(1), nn.functional.one_hot(labels, NumClasses).to(input.dtype)], 1);
    }

    /// <summary>Parameters (mu, logVar) of q(z | x).</summary>
    public (Tensor mu, Tensor logVar) Encode(Tensor x, Tensor? labels = null)
    {
        var h = encoder.forward(WithLabel(x, labels));
        return (toMu.forward(h), toLogVar.forward(h));
    }

    /// <summary>Decoder output (logits for Bernoulli, means for Gaussian) for latents [N, latentDim].</summary>
    public Tensor Decode(Tensor z, Tensor? labels = null) => decoder.forward(WithLabel(z, labels));

    /// <summary>z = mu + sigma * eps with eps ~ N(0, I): the reparameterisation trick keeps z differentiable in (mu, logVar).</summary>
    public static Tensor Reparameterize(Tensor mu, Tensor logVar, Generator? generator = null) =>
        mu + (0.5 * logVar).exp() * randn(mu.shape, mu.dtype, generator: generator);

    public override (Tensor output, Tensor mu, Tensor logVar) forward(Tensor x) => Forward(x, null, null);

    public (Tensor output, Tensor mu, Tensor logVar) Forward(Tensor x, Tensor? labels, Generator? generator)
    {
        var (mu, logVar) = Encode(x, labels);
        var z = Reparameterize(mu, logVar, generator);
        return (Decode(z, labels), mu, logVar);
    }

    /// <summary>
    /// Negative ELBO averaged over the batch, and its two parts: -E_q[log p(x|z)] (reconstruction, one sample of z)
    /// and KL(q(z|x) || p(z)); loss = reconstruction + beta * KL, in nats per example.
    /// </summary>
    public (Tensor loss, Tensor reconstruction, Tensor kl) NegativeElbo(Tensor x, Tensor? labels = null, Generator? generator = null)
    {
        var (output, mu, logVar) = Forward(x, labels, generator);
        var reconstruction = -Likelihood.LogProb(output, x).mean();
        var kl = Kl.StandardNormal(mu, logVar).mean();
        return (reconstruction + Beta * kl, reconstruction, kl);
    }

    /// <summary>
    /// Importance-weighted estimate of log p(x) per example (Burda et al. 2016):
    /// log (1/K) sum_k p(x|z_k) p(z_k) / q(z_k|x), z_k ~ q(z|x). K = 1 gives the ELBO; it tightens as K grows.
    /// </summary>
    public Tensor LogLikelihoodIwae(Tensor x, int k, Tensor? labels = null, Generator? generator = null)
    {
        if (k < 1) throw new ArgumentException($"LogLikelihoodIwae: k must be >= 1, got {k}");
        using var _ = no_grad();
        var (mu, logVar) = Encode(x, labels);
        var logWeights = new List<Tensor>();
        for (int i = 0; i < k; i++)
        {
            var eps = randn(mu.shape, mu.dtype, generator: generator);
            var z = mu + (0.5 * logVar).exp() * eps;
            var logPxz = Likelihood.LogProb(Decode(z, labels), x);
            var logPz = (-0.5 * z.square() - 0.5 * Math.Log(2 * Math.PI)).sum(1);
            var logQ = (-0.5 * eps.square() - 0.5 * logVar - 0.5 * Math.Log(2 * Math.PI)).sum(1);
            logWeights.Add(logPxz + logPz - logQ);
        }
        return stack(logWeights, 1).logsumexp(1) - Math.Log(k);
    }

    /// <summary>Draws n images from the model: z ~ N(0, I), then the likelihood's mean of p(x | z).</summary>
    public Tensor Sample(int n, Tensor? labels = null, Generator? generator = null)
    {
        using var _ = no_grad();
        var z = randn([n, LatentDim], generator: generator, dtype: toMu.weight.dtype);
        return Likelihood.Mean(Decode(z, labels));
    }

    /// <summary>Reconstructions: decode the posterior mean.</summary>
    public Tensor Reconstruct(Tensor x, Tensor? labels = null)
    {
        using var _ = no_grad();
        return Likelihood.Mean(Decode(Encode(x, labels).mu, labels));
    }
}
