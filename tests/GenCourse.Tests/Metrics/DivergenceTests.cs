using GenCourse;
using GenCourse.Metrics;
using static GenCourse.torch;

namespace GenCourse.Tests.Metrics;

public class DivergenceTests
{
    const double Mu1 = 0.5, Sigma1 = 1.2, Mu2 = -0.3, Sigma2 = 0.8;

    static Tensor NormalLogDensity(Tensor x, double mu, double sigma) =>
        -0.5 * ((x - mu) / sigma).square() - Math.Log(sigma * Math.Sqrt(2 * Math.PI));

    static double KlNormal(double m1, double s1, double m2, double s2) =>
        Math.Log(s2 / s1) + (s1 * s1 + (m1 - m2) * (m1 - m2)) / (2 * s2 * s2) - 0.5;

    static double HellingerNormal(double m1, double s1, double m2, double s2) =>
        Math.Sqrt(1 - Math.Sqrt(2 * s1 * s2 / (s1 * s1 + s2 * s2)) * Math.Exp(-(m1 - m2) * (m1 - m2) / (4 * (s1 * s1 + s2 * s2))));

    static (Tensor grid, double cell) Line() => (linspace(-15, 15, 30001, ScalarType.Float64), 30.0 / 30000);

    [Fact]
    public void Grid_KullbackLeiblerOfGaussians_MatchesTheClosedForm_BothDirections()
    {
        var (x, cell) = Line();
        var (lp, lq) = (NormalLogDensity(x, Mu1, Sigma1), NormalLogDensity(x, Mu2, Sigma2));
        Assert.Equal(KlNormal(Mu1, Sigma1, Mu2, Sigma2), GridDivergence.KullbackLeibler(lp, lq, cell).item<double>(), 8);
        Assert.Equal(KlNormal(Mu2, Sigma2, Mu1, Sigma1), GridDivergence.ReverseKullbackLeibler(lp, lq, cell).item<double>(), 8);
        Assert.Equal(HellingerNormal(Mu1, Sigma1, Mu2, Sigma2), GridDivergence.Hellinger(lp, lq, cell).item<double>(), 8);
        // Same-variance Gaussians: chi^2 = exp((mu1 - mu2)^2 / sigma^2) - 1.
        var lr = NormalLogDensity(x, Mu2, Sigma1);
        Assert.Equal(Math.Exp(0.64 / 1.44) - 1, GridDivergence.PearsonChiSquared(lp, lr, cell).item<double>(), 8);
    }

    [Fact]
    public void Grid_TwoDimensionalKullbackLeibler_UsesTheCellVolume()
    {
        var axis = linspace(-10, 10, 401, ScalarType.Float64);
        var xs = axis.unsqueeze(1).expand(401, 401);
        var ys = axis.unsqueeze(0).expand(401, 401);
        var lp = NormalLogDensity(xs, Mu1, Sigma1) + NormalLogDensity(ys, 0, 1);
        var lq = NormalLogDensity(xs, Mu2, Sigma2) + NormalLogDensity(ys, 1, 2);
        double expected = KlNormal(Mu1, Sigma1, Mu2, Sigma2) + KlNormal(0, 1, 1, 2);
        Assert.Equal(expected, GridDivergence.KullbackLeibler(lp, lq, 0.05 * 0.05).item<double>(), 6);
    }

    [Fact]
    public void Grid_Bernoullis_MatchClosedForms()
    {
        // Two cells of volume 1 hold the probabilities of 0 and 1.
        double a = 0.3, b = 0.6;
        var p = tensor(new[] { 1 - a, a });
        var q = tensor(new[] { 1 - b, b });
        double Div(Func<Tensor, Tensor, double, bool, bool, Tensor> f) => f(p, q, 1.0, false, false).item<double>();
        Assert.Equal(Math.Abs(a - b), Div(GridDivergence.TotalVariation), 12);
        Assert.Equal(Math.Sqrt(1 - Math.Sqrt(a * b) - Math.Sqrt((1 - a) * (1 - b))), Div(GridDivergence.Hellinger), 12);
        Assert.Equal(a * Math.Log(a / b) + (1 - a) * Math.Log((1 - a) / (1 - b)), Div(GridDivergence.KullbackLeibler), 12);
        Assert.Equal((a - b) * (a - b) / b + (a - b) * (a - b) / (1 - b), Div(GridDivergence.PearsonChiSquared), 12);
        double m = (a + b) / 2;
        double js = 0.5 * (a * Math.Log(a / m) + (1 - a) * Math.Log((1 - a) / (1 - m))) + 0.5 * (b * Math.Log(b / m) + (1 - b) * Math.Log((1 - b) / (1 - m)));
        Assert.Equal(js, Div(GridDivergence.JensenShannon), 12);
    }

    [Fact]
    public void Grid_DisjointSupports_GiveLog2ForJensenShannonAndInfinityForKl()
    {
        var p = tensor(new[] { 0.5, 0.5, 0.0, 0.0 });
        var q = tensor(new[] { 0.0, 0.0, 0.5, 0.5 });
        Assert.Equal(Math.Log(2), GridDivergence.JensenShannon(p, q, 1.0, logDensities: false).item<double>(), 12);
        Assert.Equal(1.0, GridDivergence.TotalVariation(p, q, 1.0, logDensities: false).item<double>(), 12);
        Assert.True(double.IsPositiveInfinity(GridDivergence.KullbackLeibler(p, q, 1.0, logDensities: false).item<double>()));
        Assert.Equal(0.0, GridDivergence.KullbackLeibler(p, p, 1.0, logDensities: false).item<double>());
    }

    [Fact]
    public void Grid_Normalize_MakesTheScaleIrrelevant()
    {
        var (x, cell) = Line();
        var (lp, lq) = (NormalLogDensity(x, Mu1, Sigma1), NormalLogDensity(x, Mu2, Sigma2));
        double plain = GridDivergence.JensenShannon(lp, lq, cell).item<double>();
        Assert.Equal(plain, GridDivergence.JensenShannon(lp + 3.0, lq - 2.0, cell, normalize: true).item<double>(), 9);
    }

    [Fact]
    public void Grid_KullbackLeibler_IsDifferentiableInTheModelParameters()
    {
        // d/dmu KL(N(0, 1) || N(mu, 1)) = mu - 0 ... = mu.
        var (x, cell) = Line();
        var mu = tensor(0.7, ScalarType.Float64, requires_grad: true);
        var logQ = -0.5 * (x - mu).square() - 0.5 * Math.Log(2 * Math.PI);
        var kl = GridDivergence.KullbackLeibler(NormalLogDensity(x, 0, 1), logQ, cell);
        kl.backward();
        Assert.Equal(0.7, mu.grad!.item<double>(), 8);
        var js = GridDivergence.JensenShannon(NormalLogDensity(x, 0, 1), -0.5 * (x - mu).square() - 0.5 * Math.Log(2 * Math.PI), cell);
        var g = autograd.grad([js], [mu])[0]!.item<double>();
        Assert.True(double.IsFinite(g) && g > 0);
    }

    [Fact]
    public void MonteCarlo_EstimatesMatchClosedFormsWithinTheirStandardErrors()
    {
        var g = new Generator(1);
        var fromP = randn(new long[] { 50000 }, generator: g, dtype: ScalarType.Float64) * Sigma1 + Mu1;
        var fromQ = randn(new long[] { 50000 }, generator: g, dtype: ScalarType.Float64) * Sigma2 + Mu2;
        Func<Tensor, Tensor> logP = t => NormalLogDensity(t, Mu1, Sigma1), logQ = t => NormalLogDensity(t, Mu2, Sigma2);
        var (grid, cell) = Line();
        void Within(double expected, MonteCarloEstimate estimate, string name) =>
            Assert.True(Math.Abs(estimate.Value - expected) < 4 * estimate.StandardError + 1e-3, $"{name}: {estimate} vs {expected}");
        Within(KlNormal(Mu1, Sigma1, Mu2, Sigma2), MonteCarloDivergence.KullbackLeibler(fromP, logP, logQ), "KL");
        Within(KlNormal(Mu2, Sigma2, Mu1, Sigma1), MonteCarloDivergence.ReverseKullbackLeibler(fromQ, logP, logQ), "reverse KL");
        Within(HellingerNormal(Mu1, Sigma1, Mu2, Sigma2), MonteCarloDivergence.Hellinger(fromP, logP, logQ), "Hellinger");
        Within(GridDivergence.JensenShannon(logP(grid), logQ(grid), cell).item<double>(), MonteCarloDivergence.JensenShannon(fromP, fromQ, logP, logQ), "JS");
        Within(GridDivergence.TotalVariation(logP(grid), logQ(grid), cell).item<double>(), MonteCarloDivergence.TotalVariation(fromP, logP, logQ), "TV");
        Func<Tensor, Tensor> logWide = t => NormalLogDensity(t, Mu2, 2.0);
        Within(GridDivergence.PearsonChiSquared(logP(grid), logWide(grid), cell).item<double>(), MonteCarloDivergence.PearsonChiSquared(fromP, logP, logWide), "chi^2");
    }

    [Fact]
    public void BadInput_ThrowsNamingTheArgumentAndValue()
    {
        var a = zeros(3);
        Assert.Contains("[3] and [4]", Assert.Throws<ArgumentException>(() => GridDivergence.KullbackLeibler(a, zeros(4), 1.0)).Message);
        Assert.Contains("-1", Assert.Throws<ArgumentException>(() => GridDivergence.Hellinger(a, a, -1.0)).Message);
        Assert.Contains(">= 0", Assert.Throws<ArgumentException>(() => GridDivergence.TotalVariation(tensor(new[] { -1.0, 2.0 }), tensor(new[] { 0.5, 0.5 }), 1.0, logDensities: false)).Message);
        Assert.Contains("[2]", Assert.Throws<ArgumentException>(() => MonteCarloDivergence.KullbackLeibler(zeros(5), t => zeros(2), t => zeros(5))).Message);
    }
}
