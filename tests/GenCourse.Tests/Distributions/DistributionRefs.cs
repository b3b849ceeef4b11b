using System.Text.Json;
using GenCourse;
using GenCourse.Distributions;
using Xunit.Sdk;
using static GenCourse.torch;

namespace GenCourse.Tests.Distributions;

/// <summary>
/// Reads Fixtures/distribution_refs.json (written by Fixtures/make_distribution_refs.py with PyTorch 1.13, float64)
/// and rebuilds the described distributions with GenCourse.
/// </summary>
public static class DistributionRefs
{
    public static readonly JsonElement Root = Load();

    static JsonElement Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "distribution_refs.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    public static JsonElement[] Section(string name) => Root.GetProperty(name).EnumerateArray().ToArray();

    public static JsonElement Find(string section, string key, string value) =>
        Section(section).Single(e => e.GetProperty(key).GetString() == value);

    static double Number(JsonElement v) => v.ValueKind == JsonValueKind.String
        ? v.GetString() switch { "inf" => double.PositiveInfinity, "-inf" => double.NegativeInfinity, _ => double.NaN }
        : v.GetDouble();

    /// <summary>A fixture tensor: float64, or int64 for category indices.</summary>
    public static Tensor ToTensor(JsonElement e)
    {
        var shape = e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        var data = e.GetProperty("data").EnumerateArray().Select(Number).ToArray();
        return e.GetProperty("dtype").GetString() == "int64" ? tensor(data.Select(v => (long)v).ToArray(), shape) : tensor(data, shape);
    }

    public static Distribution Build(JsonElement d)
    {
        Tensor P(string name) => ToTensor(d.GetProperty("params").GetProperty(name));
        Tensor? Optional(string name) => d.GetProperty("params").TryGetProperty(name, out var v) ? ToTensor(v) : null;
        return d.GetProperty("type").GetString() switch
        {
            "Normal" => distributions.Normal(P("loc"), P("scale")),
            "Bernoulli" => distributions.Bernoulli(probs: Optional("probs"), logits: Optional("logits")),
            "Categorical" => distributions.Categorical(probs: Optional("probs"), logits: Optional("logits")),
            "OneHotCategorical" => distributions.OneHotCategorical(probs: Optional("probs"), logits: Optional("logits")),
            "Uniform" => distributions.Uniform(P("low"), P("high")),
            "Laplace" => distributions.Laplace(P("loc"), P("scale")),
            "Logistic" => distributions.Logistic(P("loc"), P("scale")),
            "Beta" => distributions.Beta(P("concentration1"), P("concentration0")),
            "MultivariateNormal" => distributions.MultivariateNormal(P("loc"), covariance_matrix: Optional("covariance_matrix"), scale_tril: Optional("scale_tril")),
            "Independent" => distributions.Independent(Build(d.GetProperty("base")), d.GetProperty("reinterpreted_batch_ndims").GetInt32()),
            "MixtureSameFamily" => distributions.MixtureSameFamily((Categorical)Build(d.GetProperty("mixture")), Build(d.GetProperty("component"))),
            "TransformedDistribution" => distributions.TransformedDistribution(Build(d.GetProperty("base")),
                d.GetProperty("transforms").EnumerateArray().Select(BuildTransform).ToArray()),
            var other => throw new XunitException($"unknown distribution type {other} in the fixture"),
        };
    }

    static Transform BuildTransform(JsonElement t) => t.GetProperty("type").GetString() switch
    {
        "Affine" => distributions.AffineTransform(t.GetProperty("loc").GetDouble(), t.GetProperty("scale").GetDouble()),
        "Exp" => distributions.ExpTransform(),
        "Sigmoid" => distributions.SigmoidTransform(),
        var other => throw new XunitException($"unknown transform type {other} in the fixture"),
    };

    /// <summary>Same shape, and every element within atol + rtol |expected| (infinities and NaNs must match exactly).</summary>
    public static void AssertClose(Tensor expected, Tensor actual, double rtol = 1e-10, double atol = 1e-12, string what = "")
    {
        Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{what}: shape {Shape(actual)} but expected {Shape(expected)}");
        var e = expected.to(float64).ToArray<double>();
        var a = actual.detach().to(float64).ToArray<double>();
        for (int i = 0; i < e.Length; i++)
        {
            bool ok = double.IsFinite(e[i]) ? Math.Abs(a[i] - e[i]) <= atol + rtol * Math.Abs(e[i]) : e[i].Equals(a[i]);
            if (!ok) throw new XunitException($"{what}: element {i} is {a[i]:R} but expected {e[i]:R} (difference {a[i] - e[i]:R})");
        }
    }

    static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
