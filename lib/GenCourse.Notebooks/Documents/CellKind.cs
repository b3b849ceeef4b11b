namespace GenCourse.Notebooks.Documents;

/// <summary>The nbformat cell types.</summary>
public enum CellKind
{
    /// <summary>Markdown text, rendered in the site.</summary>
    Markdown,

    /// <summary>Code for some kernel; the runner executes the C# ones.</summary>
    Code,

    /// <summary>Raw text, passed through untouched.</summary>
    Raw,
}
