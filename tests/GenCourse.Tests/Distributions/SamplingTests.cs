using GenCourse;
using GenCourse.Distributions;
using Xunit.Sdk;
using static GenCourse.torch;

namespace GenCourse.Tests.Distributions;

/// <summary>
/// Samples have shape sample_shape + batch_shape + event_shape, are reproducible from a seeded Generator, and their
/// mean and variance match the analytic ones within 5 standard errors (computed from the sample size).
/// </summary>
public class SamplingTests
{
    const int N = 40000;

    static Tensor T(params double[] values) => tensor(values);

    /// <summary>
    /// Per coordinate: |sample mean - mean| &lt;= 5 sd / sqrt(n) and |sample variance - variance| &lt;= 5 sqrt((m4 - var^2) / n),
    /// with the fourth central moment m4 estimated from the sample.
    /// </summary>
    static void AssertMoments(Tensor samples, Tensor mean, Tensor variance, string what)
    {
        int n = (int)samples.shape[0];
        var x = samples.to(float64);
        var sampleMean = x.mean(0);
        var centered = x - sampleMean;
        var sampleVariance = centered.square().mean(0);
        var m4 = centered.pow(4).mean(0);
        var m = mean.expand(sampleMean.shape).ToArray<double>();
        var v = variance.expand(sampleMean.shape).ToArray<double>();
        var sm = sampleMean.ToArray<double>();
        var sv = sampleVariance.ToArray<double>();
        var k4 = m4.ToArray<double>();
        for (int i = 0; i < m.Length; i++)
        {
            double meanTolerance = 5 * Math.Sqrt(v[i] / n), varianceTolerance = 5 * Math.Sqrt(Math.Max(k4[i] - sv[i] * sv[i], 0) / n);
            if (Math.Abs(sm[i] - m[i]) > meanTolerance)
                throw new XunitException($"{what}: sample mean [{i}] {sm[i]} vs {m[i]} (tolerance {meanTolerance})");
            if (Math.Abs(sv[i] - v[i]) > varianceTolerance)
                throw new XunitException($"{what}: sample variance [{i}] {sv[i]} vs {v[i]} (tolerance {varianceTolerance})");
        }
    }

    public static TheoryData<string> Scalar() => new(ScalarCases.Keys);

    static readonly Dictionary<string, Func<Distribution>> ScalarCases = new()
    {
        ["Normal"] = () => distributions.Normal(T(0.5, -2, 10), T(1, 0.1, 3)),
        ["Laplace"] = () => distributions.Laplace(T(0.5, -2), T(1, 0.3)),
        ["Logistic"] = () => distributions.Logistic(T(0.5, -2), T(1, 0.3)),
        ["Uniform"] = () => distributions.Uniform(T(-1, 2), T(3, 2.5)),
        ["Beta"] = () => distributions.Beta(T(0.3, 1, 2.5, 20), T(0.6, 1, 7, 3)),
        ["Bernoulli"] = () => distributions.Bernoulli(probs: T(0.02, 0.5, 0.9)),
        ["BernoulliLogits"] = () => distributions.Bernoulli(logits: T(-3, 0, 2)),
        ["LogNormal"] = () => distributions.TransformedDistribution(distributions.Normal(T(0, 0.5), T(0.5, 0.25)), distributions.ExpTransform()),
        ["Mixture1d"] = () => distributions.MixtureSameFamily(distributions.Categorical(probs: T(0.2, 0.5, 0.3)),
            distributions.Normal(T(-2, 0, 3), T(0.5, 1, 2))),
    };

    [Theory]
    [MemberData(nameof(Scalar))]
    public void Samples_HaveTheAnalyticMeanAndVariance(string name)
    {
        var d = ScalarCases[name]();
        var samples = d.sample([N], new Generator(42));
        Assert.Equal([N, .. d.batch_shape], samples.shape);
        Tensor mean, variance;
        if (d is TransformedDistribution { base_dist: Normal normal })
        {
            // Log-normal: E = exp(mu + s^2/2), Var = (exp(s^2) - 1) exp(2 mu + s^2).
            var s2 = normal.scale.square();
            mean = (normal.loc + s2 / 2).exp();
            variance = (s2.exp() - 1) * (normal.loc * 2 + s2).exp();
        }
        else (mean, variance) = (d.mean, d.variance);
        AssertMoments(samples, mean, variance, name);
    }

    [Fact]
    public void Categorical_FrequenciesMatchTheProbabilities()
    {
        var d = distributions.Categorical(probs: tensor(new double[] { 0.1, 0.6, 0.3, 0, 0, 1 }, [2, 3]));
        var samples = d.sample([N], new Generator(3));
        Assert.Equal([N, 2L], samples.shape);
        Assert.Equal(ScalarType.Int64, samples.dtype);
        var oneHot = nn.functional.one_hot(samples, 3).to(float64);
        AssertMoments(oneHot, d.probs, d.probs * (1 - d.probs), "Categorical");
    }

    [Fact]
    public void OneHotCategorical_SamplesAreOneHotWithTheRightFrequencies()
    {
        var d = distributions.OneHotCategorical(logits: tensor(new double[] { 0.3, -1, 2, 0 }));
        var samples = d.sample([N], new Generator(4));
        Assert.Equal([N, 4L], samples.shape);
        Assert.True(samples.sum(-1).eq(1).all().item<bool>());
        AssertMoments(samples, d.mean, d.variance, "OneHotCategorical");
    }

    [Fact]
    public void MultivariateNormal_SamplesHaveTheMeanAndCovariance()
    {
        var l = tensor(new double[,] { { 1, 0, 0 }, { 0.5, 0.3, 0 }, { -1, 2, 0.7 } });
        var d = distributions.MultivariateNormal(tensor(new double[] { 1, -2, 0.5 }), scale_tril: l);
        var x = d.sample([N], new Generator(5));
        Assert.Equal([N, 3L], x.shape);
        AssertMoments(x, d.mean, d.variance, "MultivariateNormal");
        var centered = x - x.mean(0);
        var covariance = centered.T.matmul(centered) / N;
        // The off-diagonal entries: standard error of a sample covariance <= sqrt(var_i var_j (1 + rho^2) / n) <= sqrt(2 var_i var_j / n).
        var v = d.variance;
        var tolerance = (v.outer(v) * 2 / N).sqrt() * 5;
        Assert.True(((covariance - d.covariance_matrix).abs() - tolerance).max().item<double>() <= 0, covariance.ToString());
    }

    [Fact]
    public void MixtureSameFamily_Samples_HaveTheMixtureMomentsAndShape()
    {
        var mix = distributions.Categorical(logits: tensor(new double[] { 0, 1, -1, 2, 0, 0.5 }, [2, 3]));
        var comp = distributions.Independent(distributions.Normal(
            tensor(new double[] { 0, 0, 2, 1, -1, 3, 1, -1, 0, 0.5, 4, 4 }, [2, 3, 2]),
            tensor(new double[] { 1, 0.5, 0.3, 0.3, 2, 1, 0.7, 0.7, 1.5, 0.2, 1, 3 }, [2, 3, 2])), 1);
        var d = distributions.MixtureSameFamily(mix, comp);
        var x = d.sample([N], new Generator(6));
        Assert.Equal([N, 2L, 2L], x.shape);
        AssertMoments(x, d.mean, d.variance, "MixtureSameFamily");
    }

    [Fact]
    public void Independent_SamplesHaveTheBaseShapeAndMoments()
    {
        var d = distributions.Independent(distributions.Normal(zeros([2, 3], float64), ones([2, 3], float64) * 2), 1);
        var x = d.sample([N, 2], new Generator(7));
        Assert.Equal([N, 2L, 2L, 3L], x.shape);
        AssertMoments(x.reshape(N * 2, 2, 3), d.mean, d.variance, "Independent");
    }

    [Fact]
    public void Samples_AreReproducibleFromASeed_AndDifferAcrossSeeds()
    {
        Distribution[] all =
        [
            distributions.Normal(0.0, 1.0, float64), distributions.Beta(0.5, 2.0, float64), distributions.Laplace(0.0, 1.0, float64),
            distributions.Bernoulli(probs: tensor(new double[] { 0.3, 0.6 })), distributions.Categorical(logits: zeros([5], float64)),
            distributions.MultivariateNormal(zeros([2], float64), covariance_matrix: eye(2, dtype: float64)),
        ];
        foreach (var d in all)
        {
            var a = d.sample([50], new Generator(9)).to(float64).ToArray<double>();
            var b = d.sample([50], new Generator(9)).to(float64).ToArray<double>();
            var c = d.sample([50], new Generator(10)).to(float64).ToArray<double>();
            Assert.Equal(a, b);
            Assert.NotEqual(a, c);
        }
    }

    [Fact]
    public void Sample_CarriesNoGradient_AndRsampleDoes()
    {
        var loc = zeros([3], float64, requires_grad: true);
        var d = distributions.Normal(loc, ones([3], float64));
        Assert.False(d.sample([2]).requires_grad);
        Assert.True(d.rsample([2]).requires_grad);
        Assert.Equal([2L, 3L], d.rsample([2]).shape);
        Assert.Equal([3L], d.sample().shape);
    }

    [Fact]
    public void Beta_SamplesStayInsideTheOpenUnitInterval_ForTinyConcentrations()
    {
        var x = distributions.Beta(0.01, 0.01, float64).sample([2000], new Generator(12));
        Assert.True(x.min().item<double>() > 0 && x.max().item<double>() < 1);
        var f = distributions.Beta(0.01, 0.01, float32).sample([2000], new Generator(12));
        Assert.True(f.min().item<float>() > 0 && f.max().item<float>() < 1);
    }
}

/// <summary>
/// Tests that draw from the process-wide default generator and expect a reproducible stream: they run alone, since
/// tests of other classes (running in parallel) draw from the same generator and reseed it.
/// </summary>
[CollectionDefinition(nameof(GlobalGeneratorCollection), DisableParallelization = true)]
public sealed class GlobalGeneratorCollection;

[Collection(nameof(GlobalGeneratorCollection))]
public class GlobalGeneratorSamplingTests
{
    [Fact]
    public void Samples_WithoutAGenerator_AreReproducibleAfterManualSeed()
    {
        manual_seed(11);
        var first = distributions.Normal(0.0, 1.0).sample([5]).ToArray<float>();
        manual_seed(11);
        Assert.Equal(first, distributions.Normal(0.0, 1.0).sample([5]).ToArray<float>());
        manual_seed(12);
        Assert.NotEqual(first, distributions.Normal(0.0, 1.0).sample([5]).ToArray<float>());
    }
}
