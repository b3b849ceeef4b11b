namespace GenCourse.Models.Autoencoders;

/// <summary>A corruption process C(x~ | x) for denoising autoencoders.</summary>
public abstract class Corruption
{
    public abstract Tensor Apply(Tensor x, Generator? generator = null);

    /// <summary>Adds N(0, std^2) noise to every entry.</summary>
    public static Corruption Gaussian(double std) => new GaussianNoise(std);

    /// <summary>Sets each entry to zero with probability p (masking noise, Vincent et al. 2008).</summary>
    public static Corruption Masking(double p) => new MaskingNoise(p);

    sealed class GaussianNoise(double std) : Corruption
    {
        public override Tensor Apply(Tensor x, Generator? generator = null) => x + randn(x.shape, x.dtype, generator: generator) * std;

        public override string ToString() => $"Gaussian(std={std})";
    }

    sealed class MaskingNoise(double p) : Corruption
    {
        public override Tensor Apply(Tensor x, Generator? generator = null) =>
            x * zeros_like(x).bernoulli_(1 - p, generator);

        public override string ToString() => $"Masking(p={p})";
    }
}
