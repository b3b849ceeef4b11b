using GenCourse.Notebooks.Documents;
using GenCourse.Notebooks.Formatting;

namespace GenCourse.Notebooks.Execution;

/// <summary>A shown output that can be redrawn in place (a progress line, a loss plot refreshed each epoch).</summary>
public sealed class DisplayHandle
{
    readonly DisplayOutput output;
    readonly IReadOnlyList<string> mimeTypes;

    internal DisplayHandle(DisplayOutput output, IReadOnlyList<string> mimeTypes)
    {
        this.output = output;
        this.mimeTypes = mimeTypes;
    }

    /// <summary>Replaces the displayed value with <paramref name="value"/>, formatted the same way (same MIME types).</summary>
    public void Update(object? value) => output.Replace(ValueFormatter.Format(value, mimeTypes));
}
