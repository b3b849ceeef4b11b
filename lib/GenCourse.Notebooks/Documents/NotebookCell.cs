using System.Text.Json.Nodes;

namespace GenCourse.Notebooks.Documents;

/// <summary>
/// One cell: its kind, source and outputs, plus the original nbformat JSON (id, metadata, attachments) so an
/// executed notebook keeps everything it was read with.
/// </summary>
public sealed class NotebookCell
{
    /// <summary>Creates a cell.</summary>
    /// <param name="kind">Markdown, code or raw.</param>
    /// <param name="source">The cell's text.</param>
    /// <param name="json">The cell as read (its "metadata", "id", ...); outputs and execution_count are rewritten.</param>
    public NotebookCell(CellKind kind, string source, JsonObject? json = null)
    {
        Kind = kind;
        Source = source;
        Json = json ?? [];
    }

    /// <summary>Markdown, code or raw.</summary>
    public CellKind Kind { get; }

    /// <summary>The cell's text.</summary>
    public string Source { get; }

    /// <summary>The cell's nbformat JSON as read (source and outputs included as they were in the file).</summary>
    public JsonObject Json { get; }

    /// <summary>The kernel named in the cell metadata (Polyglot's kernelName wins over the legacy language), or null.</summary>
    public string? KernelName =>
        (Json["metadata"]?["polyglot_notebook"]?["kernelName"] ?? Json["metadata"]?["dotnet_interactive"]?["language"])
        ?.GetValue<string>();

    /// <summary>The code cell's outputs.</summary>
    public OutputList Outputs { get; } = new();

    /// <summary>The execution count once the cell ran; null before.</summary>
    public int? ExecutionCount { get; set; }
}
