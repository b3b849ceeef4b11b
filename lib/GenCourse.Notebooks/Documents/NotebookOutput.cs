using System.Text.Json.Nodes;

namespace GenCourse.Notebooks.Documents;

/// <summary>One nbformat output of a code cell: a stream, a display or an error.</summary>
public abstract class NotebookOutput
{
    /// <summary>The nbformat JSON of this output.</summary>
    public abstract JsonObject ToJson();
}
