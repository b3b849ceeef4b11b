using GenCourse.Models.Density;

namespace GenCourse.Metrics;

/// <summary>
/// Divergences estimated from samples and log-density functions (e.g. a model's ScoreSamples): each is an
/// expectation E_P[h(x)] estimated by the sample mean, with its standard error. logP and logQ map points [n, d]
/// (or [n]) to log-densities [n].
/// </summary>
public static class MonteCarloDivergence
{
    /// <summary>KL(P || Q) = E_P[log p(x) - log q(x)], x ~ P.</summary>
    public static MonteCarloEstimate KullbackLeibler(Tensor samplesFromP, Func<Tensor, Tensor> logP, Func<Tensor, Tensor> logQ) =>
        Estimate(samplesFromP, logP, logQ, "KullbackLeibler", (lp, lq) => lp - lq);

    /// <summary>KL(Q || P) = E_Q[log q(y) - log p(y)], y ~ Q.</summary>
    public static MonteCarloEstimate ReverseKullbackLeibler(Tensor samplesFromQ, Func<Tensor, Tensor> logP, Func<Tensor, Tensor> logQ) =>
        Estimate(samplesFromQ, logQ, logP, "ReverseKullbackLeibler", (lq, lp) => lq - lp);

    /// <summary>
    /// JS(P, Q) = (1/2) E_P[log(2p / (p + q))] + (1/2) E_Q[log(2q / (p + q))], x ~ P and y ~ Q; the standard error
    /// combines both halves.
    /// </summary>
    public static MonteCarloEstimate JensenShannon(Tensor samplesFromP, Tensor samplesFromQ, Func<Tensor, Tensor> logP, Func<Tensor, Tensor> logQ)
    {
        // log(2a / (a + b)) = log 2 - log(1 + exp(log b - log a)), computed stably.
        static double Term(double la, double lb) => Math.Log(2) - LogOnePlusExp(lb - la);
        var fromP = Estimate(samplesFromP, logP, logQ, "JensenShannon", Term);
        var fromQ = Estimate(samplesFromQ, logQ, logP, "JensenShannon", Term);
        return new MonteCarloEstimate(0.5 * (fromP.Value + fromQ.Value),
            0.5 * Math.Sqrt(fromP.StandardError * fromP.StandardError + fromQ.StandardError * fromQ.StandardError));
    }

    /// <summary>TV(P, Q) = (1/2) E_P[|1 - q(x) / p(x)|], x ~ P.</summary>
    public static MonteCarloEstimate TotalVariation(Tensor samplesFromP, Func<Tensor, Tensor> logP, Func<Tensor, Tensor> logQ) =>
        Estimate(samplesFromP, logP, logQ, "TotalVariation", (lp, lq) => 0.5 * Math.Abs(1 - Math.Exp(lq - lp)));

    /// <summary>
    /// Hellinger distance H = sqrt(1 - E_P[sqrt(q(x) / p(x))]), x ~ P (H^2 = 1 - Bhattacharyya coefficient);
    /// the standard error is carried over from H^2 by the delta method.
    /// </summary>
    public static MonteCarloEstimate Hellinger(Tensor samplesFromP, Func<Tensor, Tensor> logP, Func<Tensor, Tensor> logQ)
    {
        var squared = Estimate(samplesFromP, logP, logQ, "Hellinger", (lp, lq) => 1 - Math.Exp(0.5 * (lq - lp)));
        double h = Math.Sqrt(Math.Max(0, squared.Value));
        return new MonteCarloEstimate(h, squared.StandardError / (2 * h));
    }

    /// <summary>Pearson chi^2(P || Q) = E_P[p(x) / q(x)] - 1, x ~ P (high variance when q is much narrower than p).</summary>
    public static MonteCarloEstimate PearsonChiSquared(Tensor samplesFromP, Func<Tensor, Tensor> logP, Func<Tensor, Tensor> logQ) =>
        Estimate(samplesFromP, logP, logQ, "PearsonChiSquared", (lp, lq) => Math.Exp(lp - lq) - 1);

    static double LogOnePlusExp(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));

    /// <summary>Mean and standard error of term(log a(x), log b(x)) over the samples.</summary>
    static MonteCarloEstimate Estimate(Tensor samples, Func<Tensor, Tensor> logA, Func<Tensor, Tensor> logB, string name, Func<double, double, double> term)
    {
        string op = $"MonteCarloDivergence.{name}";
        ArgumentNullException.ThrowIfNull(logA);
        ArgumentNullException.ThrowIfNull(logB);
        int n = Points.From(samples, op, "samples", minCount: 2).Count;
        var la = LogDensities(logA, samples, n, op);
        var lb = LogDensities(logB, samples, n, op);
        return MonteCarloEstimate.Of(la.Zip(lb, term).ToArray());
    }

    static double[] LogDensities(Func<Tensor, Tensor> logDensity, Tensor samples, int n, string op)
    {
        Tensor values;
        using (torch.no_grad()) values = logDensity(samples);
        if (values.numel() != n)
            throw new ArgumentException($"{op}: a log-density function returned shape {Shape.Format(values.shape)} for {n} samples; expected [{n}]");
        return values.ToDoubles();
    }
}
