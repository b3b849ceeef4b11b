namespace GenCourse.Data;

/// <summary>
/// The 2-D potentials U1..U4 of Rezende &amp; Mohamed (2015), Table 1: unnormalised densities p(z) ∝ exp(-U(z)) that a
/// normalising flow learns to match by minimising KL(q || p). Each takes points z [..., 2] and returns U(z) [...],
/// built from tensor ops so gradients flow (float32 or float64, like z).
/// </summary>
public static class Energy2D
{
    /// <summary>U1(z) = 1/2 ((||z|| - 2) / 0.4)^2 - ln(exp(-1/2 ((z1 - 2) / 0.6)^2) + exp(-1/2 ((z1 + 2) / 0.6)^2)): a ring with two lobes.</summary>
    public static Func<Tensor, Tensor> U1 { get; } = z =>
    {
        var (z1, z2) = Coordinates(z, nameof(U1));
        var norm = (z1.square() + z2.square()).sqrt();
        return 0.5 * ((norm - 2) / 0.4).square() - LogSumExp(Gauss(z1 - 2, 0.6), Gauss(z1 + 2, 0.6));
    };

    /// <summary>U2(z) = 1/2 ((z2 - w1(z)) / 0.4)^2: a sine wave.</summary>
    public static Func<Tensor, Tensor> U2 { get; } = z =>
    {
        var (z1, z2) = Coordinates(z, nameof(U2));
        return 0.5 * ((z2 - W1(z1)) / 0.4).square();
    };

    /// <summary>U3(z) = -ln(exp(-1/2 ((z2 - w1) / 0.35)^2) + exp(-1/2 ((z2 - w1 + w2) / 0.35)^2)): a sine wave that splits.</summary>
    public static Func<Tensor, Tensor> U3 { get; } = z =>
    {
        var (z1, z2) = Coordinates(z, nameof(U3));
        var w1 = W1(z1);
        return -LogSumExp(Gauss(z2 - w1, 0.35), Gauss(z2 - w1 + W2(z1), 0.35));
    };

    /// <summary>U4(z) = -ln(exp(-1/2 ((z2 - w1) / 0.4)^2) + exp(-1/2 ((z2 - w1 + w3) / 0.35)^2)): two sine waves joined by a step.</summary>
    public static Func<Tensor, Tensor> U4 { get; } = z =>
    {
        var (z1, z2) = Coordinates(z, nameof(U4));
        var w1 = W1(z1);
        return -LogSumExp(Gauss(z2 - w1, 0.4), Gauss(z2 - w1 + W3(z1), 0.35));
    };

    /// <summary>The four potentials with their names, for plotting them side by side.</summary>
    public static IReadOnlyList<(string Name, Func<Tensor, Tensor> U)> All { get; } = [("U1", U1), ("U2", U2), ("U3", U3), ("U4", U4)];

    /// <summary>w1(z) = sin(2 pi z1 / 4).</summary>
    static Tensor W1(Tensor z1) => (z1 * (2 * Math.PI / 4)).sin();

    /// <summary>w2(z) = 3 exp(-1/2 ((z1 - 1) / 0.6)^2).</summary>
    static Tensor W2(Tensor z1) => 3 * Gauss(z1 - 1, 0.6).exp();

    /// <summary>w3(z) = 3 sigma((z1 - 1) / 0.3), sigma the logistic sigmoid.</summary>
    static Tensor W3(Tensor z1) => 3 * ((z1 - 1) / 0.3).sigmoid();

    /// <summary>The exponent -1/2 (d / s)^2 of a Gaussian bump.</summary>
    static Tensor Gauss(Tensor d, double s) => -0.5 * (d / s).square();

    /// <summary>ln(exp(a) + exp(b)), computed stably.</summary>
    static Tensor LogSumExp(Tensor a, Tensor b) => stack([a, b], -1).logsumexp(-1);

    static (Tensor Z1, Tensor Z2) Coordinates(Tensor z, string name)
    {
        if (z.dim() == 0 || z.shape[^1] != 2)
            throw new ArgumentException($"Energy2D.{name}: expects points of shape [..., 2], got {Shape.Format(z.shape)}", nameof(z));
        return (z.select(-1, 0), z.select(-1, 1));
    }
}
