using GenCourse.Kernels;

namespace GenCourse;

// Special functions of one tensor (the gamma family and erfinv), used by the Beta and Normal distributions.
public partial class Tensor
{
    /// <summary>log|Gamma(x)|; d/dx = digamma(x).</summary>
    public Tensor lgamma() { RequireFloat("lgamma"); var x = this; return Unary(UnaryOp.Lgamma, "LgammaBackward", (g, _) => g * x.digamma()); }

    /// <summary>psi(x) = d/dx log Gamma(x); d/dx = polygamma(1, x).</summary>
    public Tensor digamma() { RequireFloat("digamma"); var x = this; return Unary(UnaryOp.Digamma, "DigammaBackward", (g, _) => g * x.polygamma(1)); }

    /// <summary>The p-th derivative of digamma; d/dx = polygamma(p + 1).</summary>
    public Tensor polygamma(long p)
    {
        RequireFloat("polygamma");
        if (p < 0 || p > int.MaxValue) throw new ArgumentException($"polygamma: the order p must be a non-negative int, got {p}");
        if (p == 0) return digamma();
        var x = this;
        return Unary(UnaryOp.Polygamma, "PolygammaBackward", (g, _) => g * x.polygamma(p + 1), (int)p);
    }

    /// <summary>Inverse of erf on (-1, 1); d/dx = sqrt(pi)/2 e^{y^2}.</summary>
    public Tensor erfinv() { RequireFloat("erfinv"); return Unary(UnaryOp.Erfinv, "ErfinvBackward", (g, y) => g * (y * y).exp() * (Math.Sqrt(Math.PI) / 2)); }
}
