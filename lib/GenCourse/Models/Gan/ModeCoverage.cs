namespace GenCourse.Models.Gan;

/// <summary>
/// Mode coverage of samples from a mixture of isotropic Gaussians with known centres and std sigma (the 8-Gaussian
/// ring and 25-Gaussian grid of the GAN literature, e.g. Metz et al. 2017; Srivastava et al. 2017): a mode is covered
/// when at least <see cref="MinFraction"/> of the samples lie within <see cref="Radius"/> sigmas of its centre, and a
/// sample is of high quality when it lies within that radius of any centre.
/// </summary>
/// <param name="ModesCovered">Number of covered modes.</param>
/// <param name="FractionPerMode">Fraction of the samples within the radius of each centre.</param>
/// <param name="HighQualityFraction">Fraction of the samples within the radius of some centre.</param>
/// <param name="MinFraction">Fraction of the samples a mode needs within its radius to count as covered.</param>
/// <param name="Radius">The radius, in stds of the mixture's components.</param>
public sealed record ModeCoverage(int ModesCovered, IReadOnlyList<double> FractionPerMode, double HighQualityFraction,
    double MinFraction, double Radius)
{
    public int Modes => FractionPerMode.Count;

    /// <summary>Scores samples [n, d] against centres [k, d] of Gaussians with std <paramref name="std"/>.</summary>
    public static ModeCoverage Evaluate(Tensor samples, Tensor centres, double std, double minFraction = 0.01, double radiusInStds = 3)
    {
        if (samples.dim() != 2 || samples.shape[0] == 0)
            throw new ArgumentException($"ModeCoverage: samples must be [n, d] with n >= 1, got shape {Shape.Format(samples.shape)}", nameof(samples));
        if (centres.dim() != 2 || centres.shape[0] == 0 || centres.shape[1] != samples.shape[1])
            throw new ArgumentException($"ModeCoverage: centres must be [k, {samples.shape[1]}] with k >= 1 to match samples {Shape.Format(samples.shape)}, got {Shape.Format(centres.shape)}", nameof(centres));
        if (!(std > 0) || !(radiusInStds > 0) || double.IsInfinity(std) || double.IsInfinity(radiusInStds))
            throw new ArgumentException($"ModeCoverage: std and radiusInStds must be finite numbers > 0, got {std} and {radiusInStds}");
        if (!(minFraction >= 0 && minFraction <= 1)) throw new ArgumentException($"ModeCoverage: minFraction must be in [0, 1], got {minFraction}", nameof(minFraction));
        var (x, c) = (samples.ToDoubles(), centres.ToDoubles());
        int n = (int)samples.shape[0], k = (int)centres.shape[0], d = (int)samples.shape[1];
        double radiusSquared = Math.Pow(radiusInStds * std, 2);
        var within = new int[k];
        int highQuality = 0;
        for (int i = 0; i < n; i++)
        {
            bool near = false;
            for (int j = 0; j < k; j++)
            {
                double squared = 0;
                for (int a = 0; a < d; a++) squared += Math.Pow(x[i * d + a] - c[j * d + a], 2);
                if (squared <= radiusSquared) (within[j], near) = (within[j] + 1, true);
            }
            if (near) highQuality++;
        }
        var fractions = within.Select(w => (double)w / n).ToArray();
        return new ModeCoverage(fractions.Count(f => f >= minFraction), fractions, (double)highQuality / n, minFraction, radiusInStds);
    }

    /// <summary>k centres evenly spaced on a circle of the given radius, centre j at angle 2 pi j / k ([k, 2], float64); Toy.EightGaussians' layout for k = 8.</summary>
    public static Tensor RingCentres(int k, double radius)
    {
        if (k < 1) throw new ArgumentException($"ModeCoverage.RingCentres: k must be >= 1, got {k}", nameof(k));
        var angle = arange(k, float64) * (2 * Math.PI / k);
        return stack([angle.cos(), angle.sin()], 1) * radius;
    }

    /// <summary>side x side centres on a square grid with the given spacing, centred on the origin ([side^2, 2], float64; 5 x 5 is the usual 25-Gaussian grid).</summary>
    public static Tensor GridCentres(int side, double spacing)
    {
        if (side < 1) throw new ArgumentException($"ModeCoverage.GridCentres: side must be >= 1, got {side}", nameof(side));
        var axis = (arange(side, float64) - (side - 1) / 2.0) * spacing;
        return stack([axis.repeat_interleave(side), axis.repeat(side)], 1);
    }
}
