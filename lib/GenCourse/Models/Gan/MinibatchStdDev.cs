namespace GenCourse.Models.Gan;

/// <summary>
/// Minibatch standard deviation (Karras et al. 2018, "Progressive Growing of GANs", section 3): the standard deviation
/// of each feature over the batch, sqrt(mean_n (x_nj - mean_n x_nj)^2 + 1e-8), averaged over the features and appended
/// to every example as one more feature. A discriminator that sees it can tell a collapsed batch (all samples alike)
/// from a real one, which fights mode collapse (a cheaper form of Salimans et al.'s minibatch discrimination).
/// </summary>
public sealed class MinibatchStdDev : nn.Module<Tensor, Tensor>
{
    public MinibatchStdDev() : base(nameof(MinibatchStdDev)) => RegisterComponents();

    public override Tensor forward(Tensor x) => Append(x);

    /// <summary>[N, d] in, [N, d + 1] out: the input with the batch's mean feature std as the last column.</summary>
    public static Tensor Append(Tensor x)
    {
        if (x.dim() != 2 || x.shape[0] < 1)
            throw new ArgumentException($"MinibatchStdDev: expected a batch [N, d] with N >= 1, got shape {Shape.Format(x.shape)}", nameof(x));
        var centred = x - x.mean([0L], true);
        var std = (centred.square().mean([0L], false) + 1e-8).sqrt().mean();
        return cat([x, std.expand(x.shape[0], 1)], 1);
    }
}
