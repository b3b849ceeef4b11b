namespace GenCourse.Models.Gan;

/// <summary>What the generator minimises (Goodfellow et al. 2014, section 3).</summary>
public enum GeneratorObjective
{
    /// <summary>The game's own loss E_z log(1 - D(G(z))): its gradient vanishes where D rejects the fakes.</summary>
    Minimax,

    /// <summary>The non-saturating loss -E_z log D(G(z)): same fixed point, strong gradients early in training.</summary>
    NonSaturating,
}

/// <summary>
/// The GAN losses written with D's logits l (D = sigmoid(l)) through <c>binary_cross_entropy_with_logits</c>, which
/// computes -[y log sigmoid(l) + (1 - y) log(1 - sigmoid(l))] without overflow.
/// </summary>
public static class GanLoss
{
    /// <summary>
    /// D's loss -E_x log D(x) - E_z log(1 - D(G(z))) = BCE(l_real, 1) + BCE(l_fake, 0), and its two terms.
    /// One-sided label smoothing (Salimans et al. 2016, section 3.4) sets <paramref name="realTarget"/> below 1 (e.g. 0.9);
    /// the fakes' target stays 0.
    /// </summary>
    public static (Tensor loss, Tensor real, Tensor fake) Discriminator(Tensor realLogits, Tensor fakeLogits, double realTarget = 1)
    {
        var real = F.binary_cross_entropy_with_logits(realLogits, full_like(realLogits, realTarget));
        var fake = F.binary_cross_entropy_with_logits(fakeLogits, zeros_like(fakeLogits));
        return (real + fake, real, fake);
    }

    /// <summary>
    /// G's loss on D's logits for fakes: minimax E log(1 - D(G(z))) = -BCE(l, 0); non-saturating -E log D(G(z)) = BCE(l, 1).
    /// </summary>
    public static Tensor Generator(Tensor fakeLogits, GeneratorObjective objective) => objective switch
    {
        GeneratorObjective.Minimax => -F.binary_cross_entropy_with_logits(fakeLogits, zeros_like(fakeLogits)),
        GeneratorObjective.NonSaturating => F.binary_cross_entropy_with_logits(fakeLogits, ones_like(fakeLogits)),
        _ => throw new ArgumentException($"GanLoss.Generator: unknown objective {objective}", nameof(objective)),
    };

    /// <summary>
    /// Feature matching (Salimans et al. 2016, section 3.1): ||E_x h(x) - E_z h(G(z))||^2 for D's activations h on a
    /// real and a fake batch [N, width]; G minimises it instead of fooling D.
    /// </summary>
    public static Tensor FeatureMatching(Tensor realFeatures, Tensor fakeFeatures) =>
        (realFeatures.mean([0L], false) - fakeFeatures.mean([0L], false)).square().sum();
}
