using System.Text.Json.Nodes;

namespace GenCourse.Plotting;

/// <summary>Conversions of .NET values and tensors to Plotly's JSON.</summary>
internal static class Plotly
{
    /// <summary>
    /// Where notebook HTML loads plotly.js from when no Plotly is on the page (VS Code): the npm package the offline site
    /// bundles (package.json), in the same version, so a figure looks the same in both.
    /// </summary>
    public const string CdnUrl = "https://cdn.jsdelivr.net/npm/plotly.js-dist-min@4.1.2/plotly.min";

    /// <summary>Sets a value at a dotted path ("marker.size"), creating the intermediate objects.</summary>
    public static void SetPath(JsonObject root, string path, object? value)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child) node[part] = child = new JsonObject();
            node = child;
        }
        node[parts[^1]] = ToNode(value);
    }

    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode n => n.DeepClone(),
        Tensor t => TensorNode(t),
        _ when ForeignTensor.Is(value) => throw ForeignTensor.Error("plot", value),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        double d => Number(d),
        float f => Number(f),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        IEnumerable<double> ds => new JsonArray(ds.Select(d => Number(d)).ToArray()),
        IEnumerable<float> fs => new JsonArray(fs.Select(f => Number(f)).ToArray()),
        IEnumerable<int> ints => new JsonArray(ints.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
        IEnumerable<long> longs => new JsonArray(longs.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
        IEnumerable<string> ss => new JsonArray(ss.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
        IEnumerable<double[]> rows => new JsonArray(rows.Select(r => ToNode(r)).ToArray()),
        IEnumerable<object> os => new JsonArray(os.Select(ToNode).ToArray()),
        _ => throw new ArgumentException($"plot: cannot convert a value of type {value.GetType().Name} to Plotly JSON"),
    };

    // NaN and infinities are not JSON: Plotly treats null as a gap.
    static JsonNode? Number(double d) => double.IsFinite(d) ? JsonValue.Create(Math.Round(d, 7)) : null;

    /// <summary>A 1-D tensor as an array, a 2-D tensor as an array of rows.</summary>
    public static JsonNode TensorNode(Tensor t)
    {
        var values = t.ToDoubles();
        if (t.dim() <= 1) return new JsonArray(values.Select(Number).ToArray());
        if (t.dim() != 2) throw new ArgumentException($"plot: expects a 1-D or 2-D tensor, got shape {Shape.Format(t.shape)}");
        int cols = (int)t.shape[1];
        return new JsonArray(Enumerable.Range(0, (int)t.shape[0])
            .Select(r => (JsonNode?)new JsonArray(values.Skip(r * cols).Take(cols).Select(Number).ToArray())).ToArray());
    }

    public static double[] Values(Tensor t, string what)
    {
        if (t.dim() > 1 && t.numel() != t.shape[0])
            throw new ArgumentException($"plot: {what} must be 1-D, got shape {Shape.Format(t.shape)}");
        return t.ToDoubles();
    }

    /// <summary>Columns 0 and 1 of an [N, 2] tensor.</summary>
    public static (double[] x, double[] y) Columns(Tensor points)
    {
        if (points.dim() != 2 || points.shape[1] != 2)
            throw new ArgumentException($"plot: expects points of shape [N, 2], got {Shape.Format(points.shape)}");
        var p = points.detach().to(ScalarType.Float64);
        return (p.select(1, 0).ToDoubles(), p.select(1, 1).ToDoubles());
    }
}
