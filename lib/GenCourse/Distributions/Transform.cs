namespace GenCourse.Distributions;

/// <summary>
/// An invertible elementwise map y = f(x) with a tractable log|dy/dx|, used by <see cref="TransformedDistribution"/>
/// (like torch.distributions.transforms).
/// </summary>
public abstract class Transform
{
    public abstract Tensor forward(Tensor x);

    public abstract Tensor inverse(Tensor y);

    /// <summary>log|dy/dx| elementwise, given both x and y = f(x).</summary>
    public abstract Tensor log_abs_det_jacobian(Tensor x, Tensor y);

    /// <summary>+1 if f is increasing, -1 if decreasing, 0 if neither throughout (needed for cdf/icdf).</summary>
    public virtual int sign => 1;

    public override string ToString() => GetType().Name + "()";
}
