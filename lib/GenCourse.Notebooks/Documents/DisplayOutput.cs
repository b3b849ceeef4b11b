using System.Text.Json.Nodes;

namespace GenCourse.Notebooks.Documents;

/// <summary>
/// A displayed value as a MIME bundle: from <c>display(...)</c> (display_data) or from a cell's trailing
/// expression (execute_result). A display handle may replace its data while the notebook runs.
/// </summary>
public sealed class DisplayOutput : NotebookOutput
{
    IReadOnlyDictionary<string, string> data;

    /// <summary>Creates a display output.</summary>
    /// <param name="data">MIME type to content, in preference order.</param>
    /// <param name="executionCount">The cell's execution count for an execute_result; null for display_data.</param>
    public DisplayOutput(IReadOnlyDictionary<string, string> data, int? executionCount = null)
    {
        this.data = data;
        ExecutionCount = executionCount;
    }

    /// <summary>MIME type to content (text; base64 for images), in preference order.</summary>
    public IReadOnlyDictionary<string, string> Data => Volatile.Read(ref data);

    /// <summary>Set for a cell's return value (execute_result); null for display_data.</summary>
    public int? ExecutionCount { get; }

    /// <summary>True when this is the cell's return value.</summary>
    public bool IsResult => ExecutionCount is not null;

    internal void Replace(IReadOnlyDictionary<string, string> newData) => Volatile.Write(ref data, newData);

    /// <inheritdoc />
    public override JsonObject ToJson()
    {
        var bundle = new JsonObject();
        foreach (var (mime, content) in Data) bundle[mime] = NbText.MimeValue(mime, content);
        var json = new JsonObject { ["output_type"] = IsResult ? "execute_result" : "display_data", ["data"] = bundle, ["metadata"] = new JsonObject() };
        if (IsResult) json["execution_count"] = ExecutionCount;
        return json;
    }
}
