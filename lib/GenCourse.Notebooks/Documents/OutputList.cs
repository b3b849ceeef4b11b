namespace GenCourse.Notebooks.Documents;

/// <summary>
/// A code cell's outputs in the order they happened. Thread-safe: a cell's console writes, displays and
/// display updates may come from several threads (parallel kernels, async continuations).
/// </summary>
public sealed class OutputList
{
    readonly List<NotebookOutput> outputs = [];

    /// <summary>The outputs as they are now.</summary>
    public IReadOnlyList<NotebookOutput> Snapshot()
    {
        lock (outputs) return outputs.ToArray();
    }

    /// <summary>Appends an output.</summary>
    public void Add(NotebookOutput output)
    {
        lock (outputs) outputs.Add(output);
    }

    /// <summary>Removes every output.</summary>
    public void Clear()
    {
        lock (outputs) outputs.Clear();
    }

    /// <summary>Appends stream text, merging it into the last output when that is the same stream.</summary>
    public void AppendStream(string name, string text)
    {
        lock (outputs)
        {
            if (outputs.Count > 0 && outputs[^1] is StreamOutput last && last.Name == name) last.Append(text);
            else outputs.Add(new StreamOutput(name, text));
        }
    }
}
