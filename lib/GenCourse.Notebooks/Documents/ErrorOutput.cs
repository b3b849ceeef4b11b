using System.Text.Json.Nodes;

namespace GenCourse.Notebooks.Documents;

/// <summary>The exception (or compile error, or timeout) that stopped a cell.</summary>
/// <param name="name">Exception type name (nbformat "ename").</param>
/// <param name="value">Exception message (nbformat "evalue").</param>
/// <param name="traceback">Diagnostics or stack trace lines.</param>
public sealed class ErrorOutput(string name, string value, IReadOnlyList<string> traceback) : NotebookOutput
{
    /// <summary>Exception type name (nbformat "ename").</summary>
    public string Name { get; } = name;

    /// <summary>Exception message (nbformat "evalue").</summary>
    public string Value { get; } = value;

    /// <summary>Diagnostics or stack trace lines.</summary>
    public IReadOnlyList<string> Traceback { get; } = traceback;

    /// <inheritdoc />
    public override JsonObject ToJson() => new()
    {
        ["output_type"] = "error",
        ["ename"] = Name,
        ["evalue"] = Value,
        ["traceback"] = new JsonArray(Traceback.Select(line => (JsonNode?)JsonValue.Create(line)).ToArray()),
    };
}
