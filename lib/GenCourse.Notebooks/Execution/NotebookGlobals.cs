namespace GenCourse.Notebooks.Execution;

/// <summary>
/// What cells can call without a prefix, as in the .NET Interactive C# kernel: <c>display(...)</c> and <c>HTML(...)</c>.
/// Public because compiled cells bind to it.
/// </summary>
public sealed class NotebookGlobals
{
    /// <summary>Shows a value below the cell and returns a handle whose <c>Update</c> redraws it in place.</summary>
    /// <param name="value">The value; formatted by its TypeFormatterSource when its type has one, else as text.</param>
    /// <param name="mimeTypes">Restrict the output to these MIME types (a string shown as "text/html" is inserted as HTML).</param>
    public DisplayHandle display(object? value, params string[] mimeTypes) => CellContext.Require().Display(value, mimeTypes);

    /// <summary>Wraps markup so it is shown as HTML.</summary>
    public HtmlContent HTML(string html) => new(html);
}
