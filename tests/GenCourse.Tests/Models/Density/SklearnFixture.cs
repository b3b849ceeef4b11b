using System.Text.Json;
using GenCourse;
using static GenCourse.torch;

namespace GenCourse.Tests.Models.Density;

/// <summary>Reads Fixtures/sklearn_density.json (written by Fixtures/make_sklearn_density.py with scikit-learn 1.2.1).</summary>
public static class SklearnFixture
{
    static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sklearn_density.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    /// <summary>A float64 tensor from {"shape": [...], "data": [...]}.</summary>
    public static Tensor Matrix(JsonElement m) =>
        tensor(Doubles(m.GetProperty("data")), m.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray());

    /// <summary>The numbers of a JSON array; null stands for -inf.</summary>
    public static double[] Doubles(JsonElement array) =>
        array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? double.NegativeInfinity : e.GetDouble()).ToArray();
}
