using GenCourse;
using GenCourse.Metrics;
using static GenCourse.torch;

namespace GenCourse.Tests.Metrics;

public class FDivergenceTests
{
    static double Eval(Func<Tensor, Tensor> f, double x) => f(tensor(x, ScalarType.Float64)).item<double>();

    /// <summary>sup_u (t u - f(u)) over u &gt; 0: a log-spaced scan, then golden-section refinement in log u.</summary>
    static double NumericConjugate(FDivergence d, double t)
    {
        var logU = Enumerable.Range(0, 4001).Select(i => -12 + 24.0 * i / 4000).ToArray();
        var u = tensor(logU).exp();
        var values = (t * u - d.GeneratorFunction(u)).ToArray<double>();
        int best = Array.IndexOf(values, values.Where(double.IsFinite).Max());
        double lo = logU[Math.Max(0, best - 1)], hi = logU[Math.Min(logU.Length - 1, best + 1)];
        double Objective(double s) => t * Math.Exp(s) - Eval(d.GeneratorFunction, Math.Exp(s));
        double golden = (Math.Sqrt(5) - 1) / 2;
        for (int i = 0; i < 200; i++)
        {
            double a = hi - golden * (hi - lo), b = lo + golden * (hi - lo);
            if (Objective(a) > Objective(b)) hi = b;
            else lo = a;
        }
        return Math.Max(Objective(0.5 * (lo + hi)), values.Where(double.IsFinite).Max());
    }

    [Fact]
    public void Conjugate_IsTheSupremumOfTuMinusF()
    {
        foreach (var d in FDivergence.All)
        {
            // The table's Pearson conjugate t^2/4 + t extends f = (u - 1)^2 to all u; on u > 0 the supremum agrees for t >= -2.
            double lo = Math.Max(d.DomainLow, d == FDivergence.PearsonChiSquared ? -2 : -3), hi = Math.Min(d.DomainHigh, 3);
            foreach (var fraction in new[] { 0.1, 0.3, 0.5, 0.7, 0.9 })
            {
                double t = lo + fraction * (hi - lo);
                double expected = NumericConjugate(d, t), actual = Eval(d.Conjugate, t);
                Assert.True(Math.Abs(actual - expected) < 1e-6 * Math.Max(1, Math.Abs(expected)), $"{d.Name}: f*({t}) = {actual}, sup = {expected}");
            }
        }
    }

    [Fact]
    public void GeneratorFunction_VanishesAtOne_AndHasTheTabulatedDerivative()
    {
        foreach (var d in FDivergence.All)
        {
            // f(1) = 0 makes D_f(P || P) = 0; the GAN's f is shifted: D_f = 2 JS - log 4.
            Assert.Equal(d == FDivergence.Gan ? -Math.Log(4) : 0.0, Eval(d.GeneratorFunction, 1.0), 12);
            if (d == FDivergence.TotalVariation) continue;   // |u - 1| / 2 has a kink at 1; the paper lists 0
            double slope = (Eval(d.GeneratorFunction, 1 + 1e-6) - Eval(d.GeneratorFunction, 1 - 1e-6)) / 2e-6;
            Assert.True(Math.Abs(slope - d.DerivativeAtOne) < 1e-6, $"{d.Name}: f'(1) = {slope}, table {d.DerivativeAtOne}");
        }
    }

    [Fact]
    public void OutputActivation_MapsTheRealLineIntoTheConjugateDomain()
    {
        var v = linspace(-30, 30, 601, ScalarType.Float64);
        foreach (var d in FDivergence.All)
        {
            var t = d.OutputActivation(v).ToArray<double>();
            Assert.All(t, x => Assert.True(x >= d.DomainLow && x <= d.DomainHigh && double.IsFinite(Eval(d.Conjugate, x)), $"{d.Name}: g_f gives {x}"));
        }
    }

    [Fact]
    public void DivergenceOfGaussians_MatchesTheGridDivergences()
    {
        var x = linspace(-15, 15, 30001, ScalarType.Float64);
        double cell = 30.0 / 30000;
        Tensor Log(double mu, double s) => -0.5 * ((x - mu) / s).square() - Math.Log(s * Math.Sqrt(2 * Math.PI));
        var (lp, lq) = (Log(0.5, 1.2), Log(-0.3, 0.9));
        double Df(FDivergence d) => (lq.exp() * d.GeneratorFunction((lp - lq).exp())).sum().item<double>() * cell;
        Assert.Equal(GridDivergence.KullbackLeibler(lp, lq, cell).item<double>(), Df(FDivergence.KullbackLeibler), 8);
        Assert.Equal(GridDivergence.ReverseKullbackLeibler(lp, lq, cell).item<double>(), Df(FDivergence.ReverseKullbackLeibler), 8);
        Assert.Equal(GridDivergence.PearsonChiSquared(lp, lq, cell).item<double>(), Df(FDivergence.PearsonChiSquared), 8);
        Assert.Equal(GridDivergence.TotalVariation(lp, lq, cell).item<double>(), Df(FDivergence.TotalVariation), 8);
        Assert.Equal(2 * Math.Pow(GridDivergence.Hellinger(lp, lq, cell).item<double>(), 2), Df(FDivergence.SquaredHellinger), 8);
        Assert.Equal(2 * GridDivergence.JensenShannon(lp, lq, cell).item<double>(), Df(FDivergence.JensenShannon), 8);
        Assert.Equal(GridDivergence.KullbackLeibler(lp, lq, cell).item<double>() + GridDivergence.ReverseKullbackLeibler(lp, lq, cell).item<double>(), Df(FDivergence.Jeffrey), 8);
        Assert.Equal(2 * GridDivergence.JensenShannon(lp, lq, cell).item<double>() - Math.Log(4), Df(FDivergence.Gan), 8);
    }

    /// <summary>Jeffrey's conjugate goes through Lambert W: its autograd derivative against central differences, and finite far into both tails.</summary>
    [Fact]
    public void JeffreyConjugate_HasTheRightGradient_AndStaysFiniteInTheTails()
    {
        var t = tensor(new[] { -20.0, -3, -0.5, 0, 0.7, 2, 8 }).requires_grad_();
        var grad = autograd.grad([FDivergence.Jeffrey.Conjugate(t).sum()], [t])[0].ToDoubles();
        var values = t.ToDoubles();
        for (int i = 0; i < values.Length; i++)
        {
            double numeric = (Eval(FDivergence.Jeffrey.Conjugate, values[i] + 1e-6) - Eval(FDivergence.Jeffrey.Conjugate, values[i] - 1e-6)) / 2e-6;
            Assert.True(Math.Abs(numeric - grad[i]) < 1e-5 * Math.Max(1, Math.Abs(numeric)), $"(f*)'({values[i]}): autograd {grad[i]}, central difference {numeric}");
        }
        foreach (var x in new[] { -200.0, 30 }) Assert.True(double.IsFinite(Eval(FDivergence.Jeffrey.Conjugate, x)), $"f*({x}) is not finite");
    }

    [Fact]
    public void VariationalBound_IsTightAtTheOptimalCritic()
    {
        // For KL the optimal T = f'(p/q) = 1 + log(p/q); g_f is the identity, so V = T.
        var g = new Generator(1);
        var fromP = randn(new long[] { 200000 }, generator: g, dtype: ScalarType.Float64) * 1.2 + 0.5;
        var fromQ = randn(new long[] { 200000 }, generator: g, dtype: ScalarType.Float64) * 0.9 - 0.3;
        Tensor LogRatio(Tensor t) => (-0.5 * ((t - 0.5) / 1.2).square() - Math.Log(1.2)) - (-0.5 * ((t + 0.3) / 0.9).square() - Math.Log(0.9));
        double bound = FDivergence.KullbackLeibler.VariationalBound(1 + LogRatio(fromP), 1 + LogRatio(fromQ)).item<double>();
        double kl = Math.Log(0.9 / 1.2) + (1.44 + 0.64) / (2 * 0.81) - 0.5;
        Assert.Equal(kl, bound, 1);
        double weaker = FDivergence.KullbackLeibler.VariationalBound(0.5 + 0.5 * LogRatio(fromP), 0.5 + 0.5 * LogRatio(fromQ)).item<double>();
        Assert.True(weaker < bound);
    }
}
