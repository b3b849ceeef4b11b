using System.Text.Json.Nodes;

namespace GenCourse.Plotting;

/// <summary>
/// One Plotly trace (scatter, histogram, heatmap, ...): a JSON object with a "type" and its data arrays.
/// Properties not covered by the typed helpers can be set with <see cref="Set"/> using Plotly's attribute names.
/// </summary>
public sealed class Trace
{
    internal JsonObject Json { get; }

    internal Trace(string type) => Json = new JsonObject { ["type"] = type };

    /// <summary>Sets any Plotly attribute; dotted paths create nested objects ("marker.size").</summary>
    public Trace Set(string path, object? value)
    {
        Plotly.SetPath(Json, path, value);
        return this;
    }

    public Trace Name(string name) => Set("name", name);

    /// <summary>Places the trace on subplot axes (e.g. "x2", "y2"); set by Figure.Grid.</summary>
    internal Trace OnAxes(string xaxis, string yaxis) => Set("xaxis", xaxis).Set("yaxis", yaxis);

    internal Trace Clone() => FromJson(Json.DeepClone().AsObject());

    /// <summary>A trace from its Plotly JSON object (taken over, not copied).</summary>
    internal static Trace FromJson(JsonObject json) => new(json);

    Trace(JsonObject json) => Json = json;
}
