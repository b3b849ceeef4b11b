namespace GenCourse.Metrics;

/// <summary>
/// Divergences and distances between two densities p and q evaluated on the same grid, as Riemann sums
/// sum_i dV f(p_i, q_i) with cell volume dV. p and q are log-densities by default (what ScoreSamples returns) or
/// densities with <c>logDensities: false</c>; any shape. With <c>normalize: true</c> both are first rescaled to
/// total mass 1 on the grid (divergences between the discretised distributions, never negative).
/// Results are 0-dimensional tensors built from tensor ops, so they can be minimised with autograd
/// (call <c>.item&lt;double&gt;()</c> for the number). Infinite where p &gt; 0 = q for KL and chi^2.
/// </summary>
public static class GridDivergence
{
    /// <summary>KL(P || Q) = integral p log(p / q).</summary>
    public static Tensor KullbackLeibler(Tensor p, Tensor q, double cellVolume, bool logDensities = true, bool normalize = false)
    {
        var (lp, lq, pd, _) = Prepare(p, q, cellVolume, logDensities, normalize, "KullbackLeibler");
        return RiemannSum(PositivePart(pd, lp, lq), cellVolume);
    }

    /// <summary>KL(Q || P) = integral q log(q / p) (mode-seeking when Q is the model).</summary>
    public static Tensor ReverseKullbackLeibler(Tensor p, Tensor q, double cellVolume, bool logDensities = true, bool normalize = false) =>
        KullbackLeibler(q, p, cellVolume, logDensities, normalize);

    /// <summary>JS(P, Q) = KL(P || M) / 2 + KL(Q || M) / 2 with M = (P + Q) / 2, in nats (at most log 2).</summary>
    public static Tensor JensenShannon(Tensor p, Tensor q, double cellVolume, bool logDensities = true, bool normalize = false)
    {
        var (lp, lq, pd, qd) = Prepare(p, q, cellVolume, logDensities, normalize, "JensenShannon");
        var lm = stack([lp, lq]).logsumexp(0) - Math.Log(2);
        return 0.5 * RiemannSum(PositivePart(pd, lp, lm) + PositivePart(qd, lq, lm), cellVolume);
    }

    /// <summary>TV(P, Q) = (1/2) integral |p - q|, in [0, 1].</summary>
    public static Tensor TotalVariation(Tensor p, Tensor q, double cellVolume, bool logDensities = true, bool normalize = false)
    {
        var (_, _, pd, qd) = Prepare(p, q, cellVolume, logDensities, normalize, "TotalVariation");
        return 0.5 * RiemannSum((pd - qd).abs(), cellVolume);
    }

    /// <summary>Hellinger distance H(P, Q) = sqrt((1/2) integral (sqrt p - sqrt q)^2), in [0, 1].</summary>
    public static Tensor Hellinger(Tensor p, Tensor q, double cellVolume, bool logDensities = true, bool normalize = false)
    {
        var (_, _, pd, qd) = Prepare(p, q, cellVolume, logDensities, normalize, "Hellinger");
        return (0.5 * RiemannSum((pd.sqrt() - qd.sqrt()).square(), cellVolume)).clamp_min(0).sqrt();
    }

    /// <summary>Pearson chi^2(P || Q) = integral (p - q)^2 / q.</summary>
    public static Tensor PearsonChiSquared(Tensor p, Tensor q, double cellVolume, bool logDensities = true, bool normalize = false)
    {
        var (_, _, pd, qd) = Prepare(p, q, cellVolume, logDensities, normalize, "PearsonChiSquared");
        var both = (pd + qd).eq(0);   // both densities are >= 0
        var safeQ = where(both, 1.0, qd);
        return RiemannSum(where(both, 0.0, (pd - qd).square() / safeQ), cellVolume);
    }

    static Tensor RiemannSum(Tensor values, double cellVolume) => values.sum() * cellVolume;

    /// <summary>a (log a - log b) where a &gt; 0, else 0 (0 log 0 = 0), with no NaN in the gradient.</summary>
    static Tensor PositivePart(Tensor a, Tensor logA, Tensor logB)
    {
        var positive = a.gt(0);
        var safeLogA = where(positive, logA, 0.0);
        return where(positive, a * (safeLogA - logB), 0.0);
    }

    /// <summary>(log p, log q, p, q) as float tensors of one shape, optionally normalised to mass 1 on the grid.</summary>
    static (Tensor lp, Tensor lq, Tensor p, Tensor q) Prepare(Tensor p, Tensor q, double cellVolume, bool logDensities, bool normalize, string name)
    {
        string op = $"GridDivergence.{name}";
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        if (!p.shape.SequenceEqual(q.shape))
            throw new ArgumentException($"{op}: p and q must be on the same grid, got shapes {Shape.Format(p.shape)} and {Shape.Format(q.shape)}", nameof(q));
        if (!is_floating_point(p) || !is_floating_point(q))
            throw new ArgumentException($"{op}: p and q must be float tensors, got {p.dtype} and {q.dtype}", nameof(p));
        if (!(cellVolume > 0) || double.IsInfinity(cellVolume))
            throw new ArgumentException($"{op}: cellVolume must be a finite number > 0, got {cellVolume}", nameof(cellVolume));
        if (!logDensities && (p.min().ToDouble() < 0 || q.min().ToDouble() < 0))
            throw new ArgumentException($"{op}: densities must be >= 0 (pass logDensities: true for log-densities)", nameof(p));
        var lp = logDensities ? p : p.log();
        var lq = logDensities ? q : q.log();
        if (normalize)
        {
            lp = lp - lp.reshape(-1).logsumexp(0) - Math.Log(cellVolume);
            lq = lq - lq.reshape(-1).logsumexp(0) - Math.Log(cellVolume);
        }
        return (lp, lq, logDensities || normalize ? lp.exp() : p, logDensities || normalize ? lq.exp() : q);
    }
}
