using GenCourse;
using GenCourse.Distributions;
using Xunit.Sdk;
using static GenCourse.torch;

namespace GenCourse.Tests.Distributions;

/// <summary>
/// Reparameterised gradients: d/dtheta of the Monte Carlo estimate mean_i f(x_i), x_i = rsample, equals the analytic
/// d E[f(x)] / d theta within 5 standard errors of the per-sample gradient.
/// </summary>
public class RsampleGradientTests
{
    const int N = 40000;

    /// <summary>|estimate - exact| &lt;= 5 sd(per-sample gradients) / sqrt(n).</summary>
    static void AssertGradient(double exact, Tensor estimate, Tensor perSample, string what)
    {
        double se = perSample.detach().std().item<double>() / Math.Sqrt(perSample.numel());
        double value = estimate.item<double>();
        if (Math.Abs(value - exact) > 5 * se)
            throw new XunitException($"{what}: reparameterised gradient {value} vs exact {exact} (5 standard errors = {5 * se})");
    }

    [Fact]
    public void Normal_GradientOfMeanSquare_IsTwiceLocAndTwiceScale()
    {
        // E[x^2] = mu^2 + sigma^2.
        var loc = tensor(0.7, float64, requires_grad: true);
        var scale = tensor(1.3, float64, requires_grad: true);
        var x = distributions.Normal(loc, scale).rsample([N], new Generator(1));
        var grads = autograd.grad([x.square().mean()], [loc, scale]);
        var eps = (x.detach() - 0.7) / 1.3;
        AssertGradient(2 * 0.7, grads[0]!, x.detach() * 2, "d/dloc");
        AssertGradient(2 * 1.3, grads[1]!, x.detach() * 2 * eps, "d/dscale");
    }

    [Fact]
    public void LocationFamilies_GradientOfTheSampleMean_WithRespectToLoc_IsExactlyOne()
    {
        var loc = tensor(0.3, float64, requires_grad: true);
        var scale = tensor(2.0, float64);
        Distribution[] all = [distributions.Normal(loc, scale), distributions.Laplace(loc, scale), distributions.Logistic(loc, scale),
            distributions.Uniform(loc, loc + scale)];
        foreach (var d in all)
            Assert.Equal(1.0, autograd.grad([d.rsample([100], new Generator(2)).mean()], [loc])[0]!.item<double>(), 14);
    }

    [Fact]
    public void Laplace_GradientOfMeanSquare_WithRespectToScale_IsFourScale()
    {
        // E[x^2] = mu^2 + 2 b^2.
        var scale = tensor(0.8, float64, requires_grad: true);
        var x = distributions.Laplace(tensor(0.5, float64), scale).rsample([N], new Generator(3));
        var grad = autograd.grad([x.square().mean()], [scale])[0]!;
        AssertGradient(4 * 0.8, grad, x.detach() * 2 * (x.detach() - 0.5) / 0.8, "d/dscale");
    }

    [Fact]
    public void LogNormal_GradientOfTheMean_MatchesTheClosedForm()
    {
        // E[exp(z)] = exp(mu + s^2/2): d/dmu = E, d/ds = s E.
        var loc = tensor(0.2, float64, requires_grad: true);
        var scale = tensor(0.4, float64, requires_grad: true);
        var y = distributions.TransformedDistribution(distributions.Normal(loc, scale), distributions.ExpTransform()).rsample([N], new Generator(4));
        var grads = autograd.grad([y.mean()], [loc, scale]);
        double mean = Math.Exp(0.2 + 0.08);
        var z = (y.detach().log() - 0.2) / 0.4;
        AssertGradient(mean, grads[0]!, y.detach(), "d/dloc");
        AssertGradient(0.4 * mean, grads[1]!, y.detach() * z, "d/dscale");
    }

    [Fact]
    public void MultivariateNormal_GradientOfSquaredNorm_IsTwiceLocAndTwiceScaleTril()
    {
        // E|x|^2 = |mu|^2 + |L|_F^2.
        var mu = tensor(new double[] { 0.5, -1, 2 }, requires_grad: true);
        var l = tensor(new double[,] { { 1, 0, 0 }, { 0.5, 0.3, 0 }, { -1, 2, 0.7 } }, requires_grad: true);
        var x = distributions.MultivariateNormal(mu, scale_tril: l).rsample([N], new Generator(5));
        var grads = autograd.grad([x.square().sum(-1).mean()], [mu, l]);
        var xd = x.detach();
        var eps = linalg.solve_triangular(l.detach(), (xd - mu.detach()).T, upper: false).T;
        var exactMu = mu.detach().ToArray<double>();
        var exactL = l.detach().ToArray<double>();
        for (int i = 0; i < 3; i++)
        {
            AssertGradient(2 * exactMu[i], grads[0]![i], xd.select(1, i) * 2, $"d/dloc[{i}]");
            for (int j = 0; j <= i; j++)
                AssertGradient(2 * exactL[i * 3 + j], grads[1]![i, j], xd.select(1, i) * eps.select(1, j) * 2, $"d/dL[{i},{j}]");
        }
    }

    [Fact]
    public void Rsample_ThrowsNotSupported_WhereThereIsNoReparameterisation()
    {
        Distribution[] all =
        [
            distributions.Beta(2.0, 3.0, float64), distributions.Bernoulli(probs: tensor(0.5, float64)),
            distributions.Categorical(logits: zeros([3], float64)), distributions.OneHotCategorical(logits: zeros([3], float64)),
            distributions.MixtureSameFamily(distributions.Categorical(logits: zeros([2], float64)), distributions.Normal(zeros([2], float64), ones([2], float64))),
        ];
        foreach (var d in all)
        {
            Assert.False(d.has_rsample);
            var e = Assert.Throws<NotSupportedException>(() => d.rsample([2]));
            Assert.Contains(d.GetType().Name + ".rsample", e.Message);
            Assert.Contains("sample()", e.Message);
            Assert.Equal([2L, .. d.batch_shape, .. d.event_shape], d.sample([2]).shape);
        }
        Assert.True(distributions.Independent(distributions.Normal(zeros([2], float64), ones([2], float64)), 1).has_rsample);
        Assert.False(distributions.Independent(distributions.Bernoulli(logits: zeros([2], float64)), 1).has_rsample);
    }
}
