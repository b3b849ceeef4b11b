using GenCourse;
using GenCourse.Distributions;
using static GenCourse.torch;

namespace GenCourse.Tests.Distributions;

public class KlDivergenceTests
{
    [Fact]
    public void NormalNormal_MatchesTheClosedForm()
    {
        // KL(N(m1, s1^2) || N(m2, s2^2)) = log(s2/s1) + (s1^2 + (m1 - m2)^2) / (2 s2^2) - 1/2.
        double m1 = 0.3, s1 = 0.5, m2 = -1, s2 = 2;
        double expected = Math.Log(s2 / s1) + (s1 * s1 + (m1 - m2) * (m1 - m2)) / (2 * s2 * s2) - 0.5;
        Assert.Equal(expected, distributions.kl_divergence(distributions.Normal(m1, s1, float64), distributions.Normal(m2, s2, float64)).item<double>(), 1e-14);
    }

    [Fact]
    public void KlOfADistributionWithItself_IsZero()
    {
        Distribution[] all =
        [
            distributions.Normal(tensor(new double[] { 0, 1 }), tensor(new double[] { 2, 0.5 })),
            distributions.Bernoulli(logits: tensor(new double[] { -3, 0, 5 })),
            distributions.Categorical(probs: tensor(new double[] { 0.2, 0, 0.8 })),
            distributions.MultivariateNormal(zeros([2], float64), covariance_matrix: tensor(new double[,] { { 2, 0.5 }, { 0.5, 1 } })),
            distributions.Independent(distributions.Normal(zeros([2, 3], float64), ones([2, 3], float64)), 2),
        ];
        foreach (var d in all)
            Assert.Equal(0.0, distributions.kl_divergence(d, d).abs().max().item<double>(), 14);
    }

    [Fact]
    public void Categorical_MatchesAMonteCarloEstimate()
    {
        var p = distributions.Categorical(probs: tensor(new double[] { 0.1, 0.6, 0.3 }));
        var q = distributions.Categorical(logits: tensor(new double[] { 1, 0, -1 }));
        var x = p.sample([100000], new Generator(1));
        var terms = p.log_prob(x) - q.log_prob(x);
        double estimate = terms.mean().item<double>(), se = terms.std().item<double>() / Math.Sqrt(100000);
        Assert.Equal(distributions.kl_divergence(p, q).item<double>(), estimate, 5 * se);
    }

    [Fact]
    public void UnsupportedPair_ErrorNamesBothTypes()
    {
        var e = Assert.Throws<NotSupportedException>(() => distributions.kl_divergence(distributions.Normal(0.0, 1.0), distributions.Laplace(0.0, 1.0)));
        Assert.Contains("KL(Normal || Laplace)", e.Message);
        var i1 = distributions.Independent(distributions.Normal(zeros([2, 3], float64), ones([2, 3], float64)), 1);
        var i2 = distributions.Independent(distributions.Normal(zeros([2, 3], float64), ones([2, 3], float64)), 2);
        e = Assert.Throws<NotSupportedException>(() => distributions.kl_divergence(i1, i2));
        Assert.Contains("reinterpreted_batch_ndims", e.Message);
    }
}
