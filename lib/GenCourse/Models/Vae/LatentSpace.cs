namespace GenCourse.Models.Vae;

/// <summary>Walks through a latent space: interpolation, traversal of one coordinate, and the 2-D manifold grid.</summary>
public static class LatentSpace
{
    /// <summary><paramref name="steps"/> points from z0 to z1 (inclusive), linearly or on the great circle (slerp, White 2016).</summary>
    public static Tensor Interpolate(Tensor z0, Tensor z1, int steps, bool spherical = false)
    {
        if (!z0.shape.SequenceEqual(z1.shape) || z0.dim() != 1)
            throw new ArgumentException($"Interpolate: expects two latent vectors of one shape, got {Shape.Format(z0.shape)} and {Shape.Format(z1.shape)}");
        var t = linspace(0, 1, steps, dtype: z0.dtype).unsqueeze(1);
        if (!spherical) return z0 * (1 - t) + z1 * t;
        double cos = (z0 * z1).sum().ToDouble() / (z0.norm().ToDouble() * z1.norm().ToDouble());
        double omega = Math.Acos(Math.Clamp(cos, -1, 1));
        if (omega < 1e-6) return z0 * (1 - t) + z1 * t;
        return (z0 * ((1 - t) * omega).sin() + z1 * (t * omega).sin()) / Math.Sin(omega);
    }

    /// <summary>Copies of <paramref name="z"/> with coordinate <paramref name="dim"/> set to evenly spaced values in [lo, hi].</summary>
    public static Tensor Traverse(Tensor z, int dim, double lo, double hi, int steps)
    {
        var values = linspace(lo, hi, steps, dtype: z.dtype);
        var rows = z.unsqueeze(0).repeat(steps, 1);
        var mask = nn.functional.one_hot(tensor(new long[] { dim }), z.shape[0]).to(z.dtype);
        return rows * (1 - mask) + values.unsqueeze(1) * mask;
    }

    /// <summary>
    /// A steps x steps grid of 2-D latents at the standard-normal quantiles of evenly spaced probabilities
    /// (Kingma &amp; Welling's manifold figure), row-major from top-left.
    /// </summary>
    public static Tensor Grid2D(int steps, double margin = 0.05)
    {
        var p = linspace(margin, 1 - margin, steps, dtype: float64);
        var q = ((p * 2 - 1).erfinv() * Math.Sqrt(2)).ToDoubles();   // standard-normal quantiles: sqrt(2) erfinv(2p - 1)
        var points = new double[steps * steps * 2];
        for (int r = 0; r < steps; r++)
            for (int c = 0; c < steps; c++)
            {
                points[(r * steps + c) * 2] = q[c];
                points[(r * steps + c) * 2 + 1] = q[steps - 1 - r];
            }
        return tensor(points, [steps * steps, 2], float32);
    }
}
