using System.Text.Json;
using GenCourse;
using static GenCourse.torch;
using static GenCourse.Tests.Distributions.DistributionRefs;

namespace GenCourse.Tests.Distributions;

/// <summary>
/// log_prob, entropy, cdf, icdf, moments and KL divergences against PyTorch 1.13 in float64
/// (Fixtures/distribution_refs.json), to 1e-10 relative.
/// </summary>
public class DistributionReferenceTests
{
    public static TheoryData<string> Cases() => new(Section("cases").Select(c => c.GetProperty("name").GetString()!));

    public static TheoryData<string> KlCases() => new(Section("kl").Select(c => c.GetProperty("name").GetString()!));

    [Fact]
    public void Fixture_CoversEveryDistributionAndKlPair()
    {
        var types = Section("cases").Select(c => c.GetProperty("distribution").GetProperty("type").GetString()).ToHashSet();
        foreach (var t in new[] { "Normal", "Bernoulli", "Categorical", "OneHotCategorical", "Uniform", "Laplace", "Logistic", "Beta",
                     "MultivariateNormal", "Independent", "MixtureSameFamily", "TransformedDistribution" })
            Assert.Contains(t, types);
        Assert.True(Section("kl").Length >= 7);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Distribution_MatchesTorch(string name)
    {
        var c = Find("cases", "name", name);
        var d = Build(c.GetProperty("distribution"));
        Assert.Equal(c.GetProperty("batch_shape").EnumerateArray().Select(v => v.GetInt64()), d.batch_shape);
        Assert.Equal(c.GetProperty("event_shape").EnumerateArray().Select(v => v.GetInt64()), d.event_shape);
        var value = ToTensor(c.GetProperty("value"));
        foreach (var result in c.GetProperty("results").EnumerateObject())
        {
            var expected = ToTensor(result.Value);
            var actual = result.Name switch
            {
                "log_prob" => d.log_prob(value),
                "entropy" => d.entropy(),
                "cdf" => d.cdf(value),
                "icdf" => d.icdf(ToTensor(c.GetProperty("icdf_input"))),
                "mean" => d.mean,
                "variance" => d.variance,
                "stddev" => d.stddev,
                var other => throw new InvalidOperationException(other),
            };
            AssertClose(expected, actual, what: $"{name}.{result.Name}");
        }
    }

    [Theory]
    [MemberData(nameof(KlCases))]
    public void KlDivergence_MatchesTorch(string name)
    {
        var c = Find("kl", "name", name);
        var kl = distributions.kl_divergence(Build(c.GetProperty("p")), Build(c.GetProperty("q")));
        AssertClose(ToTensor(c.GetProperty("kl")), kl, what: name);
    }
}
