namespace GenCourse.Distributions;

/// <summary>y = exp(x); log|dy/dx| = x. Turns a Normal into a log-normal.</summary>
public sealed class ExpTransform : Transform
{
    public override Tensor forward(Tensor x) => x.exp();

    public override Tensor inverse(Tensor y) => y.log();

    public override Tensor log_abs_det_jacobian(Tensor x, Tensor y) => x;
}
