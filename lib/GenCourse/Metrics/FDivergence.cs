namespace GenCourse.Metrics;

/// <summary>
/// An f-divergence D_f(P || Q) = integral q(x) f(p(x) / q(x)) dx as used by f-GAN (Nowozin, Cseke &amp; Tomioka 2016,
/// Tables 1 and 2): the generator function f (convex, f(1) = 0), its Fenchel conjugate f*(t) = sup_u (t u - f(u)),
/// the output activation g_f mapping a critic's raw output v in R into dom f*, and f'(1). All functions are built
/// from tensor ops, so a GAN can backpropagate through them. The variational bound
/// D_f(P || Q) &gt;= E_P[g_f(V(x))] - E_Q[f*(g_f(V(x)))] holds for every critic V (<see cref="VariationalBound"/>).
/// </summary>
/// <param name="Name">Name as in the paper.</param>
/// <param name="GeneratorFunction">f(u) for u &gt; 0.</param>
/// <param name="Conjugate">f*(t) for t in [<paramref name="DomainLow"/>, <paramref name="DomainHigh"/>].</param>
/// <param name="OutputActivation">g_f(v), from R into dom f*.</param>
/// <param name="DomainLow">Lower end of dom f* (-inf when unbounded; the end itself may be excluded).</param>
/// <param name="DomainHigh">Upper end of dom f* (+inf when unbounded; the end itself may be excluded).</param>
/// <param name="DerivativeAtOne">f'(1): the critic's value where p = q (f-GAN's threshold for "real").</param>
public sealed record FDivergence(
    string Name,
    Func<Tensor, Tensor> GeneratorFunction,
    Func<Tensor, Tensor> Conjugate,
    Func<Tensor, Tensor> OutputActivation,
    double DomainLow,
    double DomainHigh,
    double DerivativeAtOne)
{
    static readonly double Log2 = Math.Log(2);

    /// <summary>KL(P || Q): f(u) = u log u, f*(t) = exp(t - 1), g_f(v) = v.</summary>
    public static FDivergence KullbackLeibler { get; } = new("Kullback-Leibler",
        u => u * u.log(), t => (t - 1).exp(), v => v, double.NegativeInfinity, double.PositiveInfinity, 1);

    /// <summary>KL(Q || P): f(u) = -log u, f*(t) = -1 - log(-t) for t &lt; 0, g_f(v) = -exp(-v).</summary>
    public static FDivergence ReverseKullbackLeibler { get; } = new("Reverse Kullback-Leibler",
        u => -u.log(), t => -1 - (-t).log(), v => -(-v).exp(), double.NegativeInfinity, 0, -1);

    /// <summary>Pearson chi^2: f(u) = (u - 1)^2, f*(t) = t^2 / 4 + t, g_f(v) = v.</summary>
    public static FDivergence PearsonChiSquared { get; } = new("Pearson chi^2",
        u => (u - 1).square(), t => t.square() / 4 + t, v => v, double.NegativeInfinity, double.PositiveInfinity, 0);

    /// <summary>Neyman chi^2: f(u) = (1 - u)^2 / u, f*(t) = 2 - 2 sqrt(1 - t) for t &lt; 1, g_f(v) = 1 - exp(-v).</summary>
    public static FDivergence NeymanChiSquared { get; } = new("Neyman chi^2",
        u => (1 - u).square() / u, t => 2 - 2 * (1 - t).sqrt(), v => 1 - (-v).exp(), double.NegativeInfinity, 1, 0);

    /// <summary>Squared Hellinger integral (sqrt p - sqrt q)^2: f(u) = (sqrt u - 1)^2, f*(t) = t / (1 - t) for t &lt; 1, g_f(v) = 1 - exp(-v).</summary>
    public static FDivergence SquaredHellinger { get; } = new("Squared Hellinger",
        u => (u.sqrt() - 1).square(), t => t / (1 - t), v => 1 - (-v).exp(), double.NegativeInfinity, 1, 0);

    /// <summary>
    /// Jeffrey, KL(P || Q) + KL(Q || P): f(u) = (u - 1) log u, f*(t) = W(e^(1 - t)) + 1 / W(e^(1 - t)) + t - 2 with W the
    /// Lambert W function, g_f(v) = v.
    /// </summary>
    public static FDivergence Jeffrey { get; } = new("Jeffrey",
        u => (u - 1) * u.log(), t => JeffreyConjugate(t), v => v, double.NegativeInfinity, double.PositiveInfinity, 0);

    /// <summary>
    /// Jensen-Shannon: f(u) = -(u + 1) log((1 + u) / 2) + u log u, f*(t) = -log(2 - exp(t)) for t &lt; log 2,
    /// g_f(v) = log 2 - log(1 + exp(-v)). With this f (the paper's), D_f = 2 JS(P, Q).
    /// </summary>
    public static FDivergence JensenShannon { get; } = new("Jensen-Shannon",
        u => -(u + 1) * ((1 + u) / 2).log() + u * u.log(), t => -(2 - t.exp()).log(), v => Log2 - (-v).softplus(),
        double.NegativeInfinity, Log2, 0);

    /// <summary>
    /// The original GAN's divergence (2 JS - log 4): f(u) = u log u - (u + 1) log(u + 1),
    /// f*(t) = -log(1 - exp(t)) for t &lt; 0, g_f(v) = -log(1 + exp(-v)) = log sigmoid(v).
    /// </summary>
    public static FDivergence Gan { get; } = new("GAN",
        u => u * u.log() - (u + 1) * (u + 1).log(), t => -(-t.expm1()).log(), v => -(-v).softplus(),
        double.NegativeInfinity, 0, -Log2);

    /// <summary>Total variation (1/2) integral |p - q|: f(u) = |u - 1| / 2, f*(t) = t for |t| &lt;= 1/2, g_f(v) = tanh(v) / 2.</summary>
    public static FDivergence TotalVariation { get; } = new("Total variation",
        u => (u - 1).abs() / 2, t => t, v => v.tanh() / 2, -0.5, 0.5, 0);

    /// <summary>The table, in the paper's order.</summary>
    public static IReadOnlyList<FDivergence> All { get; } =
        [KullbackLeibler, ReverseKullbackLeibler, PearsonChiSquared, NeymanChiSquared, SquaredHellinger, Jeffrey, JensenShannon, Gan, TotalVariation];

    /// <summary>
    /// E_P[T] - E_Q[f*(T)] with T = g_f(V): the critic's raw outputs on samples from P and from Q in, a lower bound on
    /// D_f(P || Q) out (the f-GAN objective the critic maximises and the generator minimises).
    /// </summary>
    public Tensor VariationalBound(Tensor criticOnP, Tensor criticOnQ) =>
        OutputActivation(criticOnP).mean() - Conjugate(OutputActivation(criticOnQ)).mean();

    public override string ToString() => Name;

    static Tensor JeffreyConjugate(Tensor t)
    {
        var w = LambertWOfExp(1 - t);
        return w + 1 / w + t - 2;
    }

    /// <summary>
    /// W(e^s), the root w &gt; 0 of w + log w = s (no overflow for large s): Newton's method without gradient from below
    /// the root, where it increases monotonically, then one Newton step with gradient, whose derivative in s is exactly
    /// dW(e^s)/ds = w / (1 + w) at the root.
    /// </summary>
    static Tensor LambertWOfExp(Tensor s)
    {
        Tensor w;
        using (no_grad())
        {
            var target = s.detach();
            w = where(target.gt(1), target - target.clamp_min(1).log(), target.clamp_max(1).exp());
            for (int i = 0; i < 40; i++) w = w * (1 + target - w.log()) / (1 + w);
        }
        return w - (w + w.log() - s) * w / (1 + w);
    }
}
