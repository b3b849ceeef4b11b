using GenCourse;
using GenCourse.Distributions;
using static GenCourse.torch;

namespace GenCourse.Tests.Distributions;

/// <summary>
/// The closed forms of the one-dimensional families against numerical integration of their own density:
/// entropy = -int p log p, mean = int x p, variance = int (x - mean)^2 p, cdf(b) - cdf(a) = int_a^b p, icdf(cdf(x)) = x.
/// Also the numerical stability of log-probabilities computed from logits.
/// </summary>
public class ClosedFormTests
{
    public static TheoryData<string> Families() => new(Cases.Keys);

    // Each family with an integration range that holds all but a negligible part of its mass.
    static readonly Dictionary<string, (Func<Distribution> make, double lo, double hi)> Cases = new()
    {
        ["Normal"] = (() => distributions.Normal(0.5, 1.5, float64), -15, 16),
        ["Laplace"] = (() => distributions.Laplace(-1.0, 0.7, float64), -40, 38),
        ["Logistic"] = (() => distributions.Logistic(2.0, 0.5, float64), -30, 34),
        ["Uniform"] = (() => distributions.Uniform(-1.0, 2.5, float64), -1, 2.5),
        ["Beta"] = (() => distributions.Beta(2.5, 4.0, float64), 0, 1),
        ["LogNormal"] = (() => distributions.TransformedDistribution(distributions.Normal(0.0, 0.4, float64), distributions.ExpTransform()), 0, 20),
    };

    /// <summary>Simpson's rule on 200,001 points of (lo, hi), skipping the end points where a density may be infinite or undefined.</summary>
    static double Integrate(Func<Tensor, Tensor> f, double lo, double hi)
    {
        const int n = 200000;
        double h = (hi - lo) / n;
        var x = linspace(lo + h * 1e-9, hi - h * 1e-9, n + 1, float64);
        var weights = tensor(Enumerable.Range(0, n + 1).Select(i => i == 0 || i == n ? 1.0 : i % 2 == 1 ? 4 : 2).ToArray());
        var y = f(x);
        y = where(isnan(y), 0.0, y);
        return (y * weights).sum().item<double>() * h / 3;
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Entropy_Mean_Variance_And_Cdf_AgreeWithNumericalIntegration(string name)
    {
        var (make, lo, hi) = Cases[name];
        var d = make();
        Tensor Density(Tensor x) => d.log_prob(x).exp();
        Assert.Equal(1.0, Integrate(Density, lo, hi), 1e-7);
        if (d is not TransformedDistribution)
        {
            Assert.Equal(d.entropy().item<double>(), Integrate(x => -Density(x) * where(Density(x).eq(0), 0.0, d.log_prob(x)), lo, hi), 1e-7);
            double mean = d.mean.item<double>();
            Assert.Equal(mean, Integrate(x => x * Density(x), lo, hi), 1e-7);
            Assert.Equal(d.variance.item<double>(), Integrate(x => (x - mean).square() * Density(x), lo, hi), 1e-7);
        }
        if (d is Beta) return;
        double a = lo + (hi - lo) * 0.3, b = lo + (hi - lo) * 0.45;
        double cdfA = d.cdf(tensor(a, float64)).item<double>(), cdfB = d.cdf(tensor(b, float64)).item<double>();
        Assert.Equal(cdfB - cdfA, Integrate(Density, a, b), 1e-8);
        Assert.Equal(b, d.icdf(tensor(cdfB, float64)).item<double>(), 1e-9 * Math.Max(1, Math.Abs(b)));
    }

    [Fact]
    public void Bernoulli_FromLogits_KeepsTinyProbabilitiesExact()
    {
        // log sigmoid(-40) = -40 - log(1 + e^-40); log(1 - sigmoid(40)) likewise; entropy at logit -30 from a 50-digit evaluation.
        var d = distributions.Bernoulli(logits: tensor(new double[] { -40, 40 }));
        var lp = d.log_prob(tensor(new double[] { 1, 1 })).ToArray<double>();
        Assert.Equal(-40 - 4.248354255291589e-18, lp[0], 1e-13);
        Assert.Equal(-4.248354255291589e-18, lp[1], 1e-30);
        Assert.Equal(2.9008631203401870e-12, distributions.Bernoulli(logits: tensor(-30.0, float64)).entropy().item<double>(), 1e-26);
        // probs 0 and 1 are clamped to eps and 1 - eps (as in PyTorch), so the logits stay finite.
        Assert.Equal(new[] { -36.04365338911715, 36.04365338911715 }, distributions.Bernoulli(probs: tensor(new double[] { 0, 1 })).logits.ToArray<double>());
    }

    [Fact]
    public void Bernoulli_ProbsAndLogits_DescribeTheSameDistribution()
    {
        var p = tensor(new double[] { 0.1, 0.5, 0.8 });
        var a = distributions.Bernoulli(probs: p);
        var b = distributions.Bernoulli(logits: (p / (1 - p)).log());
        var x = tensor(new double[] { 1, 0, 1, 0, 0, 1 }, [2, 3]);
        DistributionRefs.AssertClose(a.log_prob(x), b.log_prob(x));
        DistributionRefs.AssertClose(a.entropy(), b.entropy());
        DistributionRefs.AssertClose(p, b.probs);
    }

    [Fact]
    public void Transforms_InvertEachOther_AndTheirLogJacobianIsTheDerivative()
    {
        Transform[] all = [distributions.AffineTransform(0.5, -2.0), distributions.AffineTransform(tensor(new double[] { 1, 2, 3 }), tensor(new double[] { 0.5, 2, 4 })),
            distributions.ExpTransform(), distributions.SigmoidTransform()];
        var x = tensor(new double[] { -1.5, 0.2, 3 }, requires_grad: true);
        foreach (var t in all)
        {
            var y = t.forward(x);
            DistributionRefs.AssertClose(x, t.inverse(y), what: t.ToString());
            var dydx = autograd.grad([y.sum()], [x])[0]!;
            DistributionRefs.AssertClose(dydx.abs().log(), t.log_abs_det_jacobian(x, y), what: t.ToString());
        }
        Assert.Equal(-1, all[0].sign);
        Assert.Equal(1, all[1].sign);
    }
}
