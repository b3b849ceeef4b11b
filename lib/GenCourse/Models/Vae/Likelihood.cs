namespace GenCourse.Models.Vae;

/// <summary>The decoder's observation model p(x | z), given the decoder output for a batch.</summary>
public abstract class Likelihood
{
    /// <summary>log p(x | z) per example, summed over all non-batch dims (nats).</summary>
    public abstract Tensor LogProb(Tensor decoderOutput, Tensor x);

    /// <summary>The mean of p(x | z), what is shown as a reconstruction or sample.</summary>
    public abstract Tensor Mean(Tensor decoderOutput);

    /// <summary>Bernoulli pixels with decoder logits: log p = -BCE(logits, x), summed over pixels.</summary>
    public static Likelihood Bernoulli { get; } = new BernoulliLikelihood();

    /// <summary>Gaussian pixels with the decoder output as mean and a fixed standard deviation.</summary>
    public static Likelihood Gaussian(double std = 0.1) => new GaussianLikelihood(std);

    sealed class BernoulliLikelihood : Likelihood
    {
        public override Tensor LogProb(Tensor logits, Tensor x) =>
            -F.binary_cross_entropy_with_logits(logits.flatten(1), x.flatten(1), reduction: nn.Reduction.None).sum(1);

        public override Tensor Mean(Tensor logits) => logits.sigmoid();

        public override string ToString() => "Bernoulli";
    }

    sealed class GaussianLikelihood(double std) : Likelihood
    {
        // log N(x; m, s^2) = -0.5 ((x - m)/s)^2 - log s - 0.5 log(2 pi), summed over pixels.
        public override Tensor LogProb(Tensor mean, Tensor x) =>
            (-0.5 * ((x.flatten(1) - mean.flatten(1)) / std).square() - Math.Log(std) - 0.5 * Math.Log(2 * Math.PI)).sum(1);

        public override Tensor Mean(Tensor mean) => mean;

        public override string ToString() => $"Gaussian(std={std})";
    }
}
