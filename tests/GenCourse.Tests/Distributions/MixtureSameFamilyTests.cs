using GenCourse;
using static GenCourse.torch;

namespace GenCourse.Tests.Distributions;

public class MixtureSameFamilyTests
{
    static double NormalLogPdf(double x, double mu, double sigma) =>
        -(x - mu) * (x - mu) / (2 * sigma * sigma) - Math.Log(sigma) - 0.5 * Math.Log(2 * Math.PI);

    [Fact]
    public void LogProb_EqualsAHandWrittenLogSumExpOverComponents()
    {
        double[] weights = [0.2, 0.5, 0.3], mu = [-2, 0, 3], sigma = [0.5, 1, 2];
        var d = distributions.MixtureSameFamily(distributions.Categorical(probs: tensor(weights)), distributions.Normal(tensor(mu), tensor(sigma)));
        double[] xs = [-2, -1, 0.5, 3, 40];
        var actual = d.log_prob(tensor(xs)).ToArray<double>();
        for (int i = 0; i < xs.Length; i++)
        {
            var terms = Enumerable.Range(0, 3).Select(k => Math.Log(weights[k]) + NormalLogPdf(xs[i], mu[k], sigma[k])).ToArray();
            double max = terms.Max();
            double expected = max + Math.Log(terms.Sum(t => Math.Exp(t - max)));
            Assert.Equal(expected, actual[i], 1e-12 * Math.Abs(expected) + 1e-14);
        }
    }

    [Fact]
    public void LogProb_OfVectorComponents_BroadcastsSampleAndBatchDims()
    {
        var mix = distributions.Categorical(logits: tensor(new double[] { 0, 1, -1, 2, 0, 0.5 }, [2, 3]));
        var comp = distributions.Independent(distributions.Normal(randn([2, 3, 2], generator: new Generator(1), dtype: float64), ones([2, 3, 2], float64)), 1);
        var d = distributions.MixtureSameFamily(mix, comp);
        Assert.Equal([2L], d.batch_shape);
        Assert.Equal([2L], d.event_shape);
        var x = randn([5, 2, 2], generator: new Generator(2), dtype: float64);
        var lp = d.log_prob(x);
        Assert.Equal([5L, 2L], lp.shape);
        var perComponent = comp.log_prob(x.unsqueeze(-2));
        DistributionRefs.AssertClose((perComponent + mix.logits).logsumexp(-1), lp);
        Assert.Equal([2L], d.log_prob(x[0, 0]).shape);
    }

    [Fact]
    public void OneComponent_IsTheComponentItself()
    {
        var d = distributions.MixtureSameFamily(distributions.Categorical(logits: zeros([1], float64)),
            distributions.Normal(tensor(new double[] { 1.5 }), tensor(new double[] { 0.5 })));
        var x = tensor(new double[] { -1, 0, 2 });
        DistributionRefs.AssertClose(distributions.Normal(1.5, 0.5, float64).log_prob(x), d.log_prob(x));
        DistributionRefs.AssertClose(tensor(1.5, float64), d.mean);
        DistributionRefs.AssertClose(tensor(0.25, float64), d.variance);
    }

    [Fact]
    public void MismatchedComponentCount_ErrorNamesBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => distributions.MixtureSameFamily(
            distributions.Categorical(logits: zeros([3], float64)), distributions.Normal(zeros([2], float64), ones([2], float64))));
        Assert.Contains("MixtureSameFamily", e.Message);
        Assert.Contains("[2]", e.Message);
        Assert.Contains("3 components", e.Message);
    }
}
