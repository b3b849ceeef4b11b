namespace GenCourse.Distributions;

/// <summary>y = loc + scale x (elementwise, broadcasting); log|dy/dx| = log|scale|.</summary>
public sealed class AffineTransform : Transform
{
    readonly Tensor? locTensor, scaleTensor;
    readonly double locValue, scaleValue;

    public AffineTransform(Tensor loc, Tensor scale)
    {
        (locTensor, scaleTensor) = (loc, scale);
        var s = scale.detach().sign().ToArray<double>();
        sign = s.All(v => v > 0) ? 1 : s.All(v => v < 0) ? -1 : 0;
    }

    /// <summary>Constant coefficients; they take the dtype of the tensor they are applied to.</summary>
    public AffineTransform(double loc, double scale)
    {
        (locValue, scaleValue) = (loc, scale);
        sign = Math.Sign(scale);
    }

    public override int sign { get; }

    Tensor Loc(Tensor like) => locTensor ?? torch.tensor(locValue, like.dtype);

    Tensor Scale(Tensor like) => scaleTensor ?? torch.tensor(scaleValue, like.dtype);

    public override Tensor forward(Tensor x) => Loc(x) + Scale(x) * x;

    public override Tensor inverse(Tensor y) => (y - Loc(y)) / Scale(y);

    public override Tensor log_abs_det_jacobian(Tensor x, Tensor y) => Scale(x).abs().log().expand(y.shape);
}
