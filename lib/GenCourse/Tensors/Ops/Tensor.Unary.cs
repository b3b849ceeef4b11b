using GenCourse.Kernels;

namespace GenCourse;

// Elementwise functions of one tensor, each with its local derivative written with differentiable ops.
public partial class Tensor
{
    // Floating-point functions (exp, log, sigmoid, ...) of int64 and bool tensors compute in the default float dtype,
    // as in PyTorch (Elementwise.Map promotes); those that keep integers (abs, sign, relu, ...) keep int64.
    Tensor Unary(UnaryOp op, string name, Func<Tensor, Tensor, Tensor> backward, double p1 = 0, double p2 = 0)
    {
        var y = Elementwise.Map(this, op, p1, p2);
        if (!dtype.IsFloatingPoint()) return y;
        return Engine.Record(y, name, [this], g => [backward(g, y)], this, y);
    }

    void RequireFloat(string op)
    {
        if (!dtype.IsFloatingPoint())
            throw new ArgumentException($"{op}: expects a floating-point tensor, got {dtype.TorchName()} (convert with .to(torch.float32))");
    }

    public Tensor neg() => Unary(UnaryOp.Neg, "NegBackward", (g, _) => -g);

    public Tensor exp() { return Unary(UnaryOp.Exp, "ExpBackward", (g, y) => g * y); }

    public Tensor log() { var x = this; return Unary(UnaryOp.Log, "LogBackward", (g, _) => g / x); }

    public Tensor log1p() { var x = this; return Unary(UnaryOp.Log1p, "Log1pBackward", (g, _) => g / (x + 1)); }

    public Tensor expm1() { return Unary(UnaryOp.Expm1, "Expm1Backward", (g, y) => g * (y + 1)); }

    public Tensor sqrt() { return Unary(UnaryOp.Sqrt, "SqrtBackward", (g, y) => g * 0.5 / y); }

    /// <summary>1/sqrt(x); d/dx = -y^3 / 2.</summary>
    public Tensor rsqrt() { return Unary(UnaryOp.Rsqrt, "RsqrtBackward", (g, y) => g * y.pow(3) * -0.5); }

    public Tensor abs() { var x = this; return Unary(UnaryOp.Abs, "AbsBackward", (g, _) => g * x.sign()); }

    public Tensor sign() => Unary(UnaryOp.Sign, "SignBackward", (g, _) => g * 0);

    public Tensor square() { var x = this; return Unary(UnaryOp.Square, "PowBackward", (g, _) => g * x * 2); }

    public Tensor reciprocal() { return Unary(UnaryOp.Reciprocal, "ReciprocalBackward", (g, y) => -g * y * y); }

    /// <summary>1/(1+e^-x); d/dx = y (1 - y).</summary>
    public Tensor sigmoid() { return Unary(UnaryOp.Sigmoid, "SigmoidBackward", (g, y) => g * y * (1 - y)); }

    /// <summary>d/dx tanh = 1 - y^2.</summary>
    public Tensor tanh() { return Unary(UnaryOp.Tanh, "TanhBackward", (g, y) => g * (1 - y * y)); }

    public Tensor relu() => Unary(UnaryOp.Relu, "ReluBackward", (g, y) => g.PassWherePositive(y));

    /// <summary>This tensor where <paramref name="gate"/> &gt; 0, else 0; differentiable in this tensor only (relu's derivative is piecewise constant).</summary>
    internal Tensor PassWherePositive(Tensor gate)
    {
        var y = Elementwise.Zip(this, gate, BinaryOp.PassWherePositive, "relu_backward");
        return Engine.Record(y, "ReluBackwardBackward", [this], g => [g.PassWherePositive(gate)]);
    }

    public Tensor sin() { var x = this; return Unary(UnaryOp.Sin, "SinBackward", (g, _) => g * x.cos()); }

    public Tensor cos() { var x = this; return Unary(UnaryOp.Cos, "CosBackward", (g, _) => -g * x.sin()); }

    /// <summary>The error function; d/dx = 2/sqrt(pi) e^{-x^2}.</summary>
    public Tensor erf() { var x = this; return Unary(UnaryOp.Erf, "ErfBackward", (g, _) => g * (-x * x).exp() * (2 / Math.Sqrt(Math.PI))); }

    public Tensor floor() => Unary(UnaryOp.Floor, "FloorBackward", (g, _) => g * 0);

    public Tensor ceil() => Unary(UnaryOp.Ceil, "CeilBackward", (g, _) => g * 0);

    public Tensor round() => Unary(UnaryOp.Round, "RoundBackward", (g, _) => g * 0);

    /// <summary>Limits values to [min, max]; the gradient passes where min &lt;= x &lt;= max.</summary>
    public Tensor clamp(double? min = null, double? max = null)
    {
        double lo = min ?? double.NegativeInfinity, hi = max ?? double.PositiveInfinity;
        var x = this;
        return Unary(UnaryOp.Clamp, "ClampBackward", (g, _) => g * Elementwise.Map(x, UnaryOp.InRange, lo, hi), lo, hi);
    }

    public Tensor clamp_min(double min) => clamp(min: min);

    public Tensor clamp_max(double max) => clamp(max: max);

    public Tensor clip(double? min = null, double? max = null) => clamp(min, max);

    /// <summary>log(1 + e^{beta x}) / beta, linear above <paramref name="threshold"/>; d/dx = sigmoid(beta x).</summary>
    public Tensor softplus(double beta = 1, double threshold = 20)
    {
        RequireFloat("softplus");
        var x = this;
        return Unary(UnaryOp.Softplus, "SoftplusBackward", (g, _) =>
        {
            // Without a graph to record (the usual backward), one fused pass; with create_graph, differentiable ops.
            if (!GradMode.Enabled) return Elementwise.SoftplusGrad(g, x, beta, threshold);
            var z = x * beta;
            var s = z.sigmoid();
            var linear = z.gt(threshold);
            return g * (s + linear * (1 - s));
        }, beta, threshold);
    }
}
