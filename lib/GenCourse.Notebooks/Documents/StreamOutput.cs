using System.Text;
using System.Text.Json.Nodes;

namespace GenCourse.Notebooks.Documents;

/// <summary>Text a cell wrote to stdout or stderr; consecutive writes to the same stream share one output.</summary>
public sealed class StreamOutput : NotebookOutput
{
    readonly StringBuilder text = new();

    /// <summary>Creates a stream output.</summary>
    /// <param name="name">"stdout" or "stderr".</param>
    /// <param name="text">The text written so far.</param>
    public StreamOutput(string name, string text = "")
    {
        Name = name;
        this.text.Append(text);
    }

    /// <summary>"stdout" or "stderr".</summary>
    public string Name { get; }

    /// <summary>Everything written to the stream, in order.</summary>
    public string Text
    {
        get { lock (text) return text.ToString(); }
    }

    internal void Append(string more)
    {
        lock (text) text.Append(more);
    }

    /// <inheritdoc />
    public override JsonObject ToJson() => new()
    {
        ["output_type"] = "stream",
        ["name"] = Name,
        ["text"] = NbText.ToLines(Text),
    };
}
