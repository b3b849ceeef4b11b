namespace GenCourse.Distributions;

/// <summary>y = sigmoid(x), kept inside (0, 1) as in PyTorch; log|dy/dx| = -softplus(-x) - softplus(x).</summary>
public sealed class SigmoidTransform : Transform
{
    public override Tensor forward(Tensor x) =>
        x.sigmoid().clamp(DistributionArgs.Tiny(x.dtype), 1 - DistributionArgs.Eps(x.dtype));

    /// <summary>logit(y) = log y - log(1 - y).</summary>
    public override Tensor inverse(Tensor y)
    {
        var clamped = y.clamp(DistributionArgs.Tiny(y.dtype), 1 - DistributionArgs.Eps(y.dtype));
        return clamped.log() - (-clamped).log1p();
    }

    public override Tensor log_abs_det_jacobian(Tensor x, Tensor y) =>
        -DistributionArgs.Softplus(-x) - DistributionArgs.Softplus(x);
}
