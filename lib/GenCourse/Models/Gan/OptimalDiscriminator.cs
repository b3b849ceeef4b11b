using GenCourse.Metrics;

namespace GenCourse.Models.Gan;

/// <summary>
/// The optimal discriminator of the GAN game for a fixed generator (Goodfellow et al. 2014, Proposition 1),
/// D*(x) = p(x) / (p(x) + q(x)) with p the data density and q the generator's, and the game's value there,
/// V(G, D*) = E_P log D* + E_Q log(1 - D*) = 2 JS(P, Q) - log 4 (Theorem 1). Densities are given as log-density
/// functions of points (e.g. closed forms of toy data); a notebook plots D* next to the trained D.
/// </summary>
public static class OptimalDiscriminator
{
    /// <summary>D*(x) = p / (p + q) = sigmoid(log p - log q), computed stably from the log-densities.</summary>
    public static Tensor Evaluate(Func<Tensor, Tensor> logP, Func<Tensor, Tensor> logQ, Tensor x) => Logit(logP, logQ, x).sigmoid();

    /// <summary>The logit of D*, log p(x) - log q(x).</summary>
    public static Tensor Logit(Func<Tensor, Tensor> logP, Func<Tensor, Tensor> logQ, Tensor x)
    {
        var (lp, lq) = (logP(x), logQ(x));
        if (!lp.shape.SequenceEqual(lq.shape))
            throw new ArgumentException($"OptimalDiscriminator: log p gives shape {Shape.Format(lp.shape)} but log q gives {Shape.Format(lq.shape)}", nameof(logQ));
        return lp - lq;
    }

    /// <summary>
    /// V(G, D*) as a Riemann sum over grid points [M, ...] with cell volume dV: sum dV (p log D* + q log(1 - D*)).
    /// It is the f-GAN bound of the GAN divergence at the critic log p - log q (<see cref="FDivergence.Gan"/>).
    /// </summary>
    public static Tensor ValueOnGrid(Func<Tensor, Tensor> logP, Func<Tensor, Tensor> logQ, Tensor grid, double cellVolume)
    {
        if (!(cellVolume > 0) || double.IsInfinity(cellVolume))
            throw new ArgumentException($"OptimalDiscriminator.ValueOnGrid: cellVolume must be a finite number > 0, got {cellVolume}", nameof(cellVolume));
        var logit = Logit(logP, logQ, grid);
        var gan = FDivergence.Gan;
        var t = gan.OutputActivation(logit);                       // log D*
        return (logP(grid).exp() * t - logQ(grid).exp() * gan.Conjugate(t)).sum() * cellVolume;   // -f*(log D*) = log(1 - D*)
    }

    /// <summary>V(G, D*) by Monte Carlo: mean log D*(x) over samples of P plus mean log(1 - D*(x)) over samples of Q.</summary>
    public static Tensor Value(Func<Tensor, Tensor> logP, Func<Tensor, Tensor> logQ, Tensor fromP, Tensor fromQ) =>
        FDivergence.Gan.VariationalBound(Logit(logP, logQ, fromP), Logit(logP, logQ, fromQ));
}
