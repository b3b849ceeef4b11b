namespace GenCourse.Notebooks.Execution;

/// <summary>HTML to show as is (MIME type text/html); what a cell's <c>HTML("...")</c> returns.</summary>
/// <param name="html">The markup.</param>
public sealed class HtmlContent(string html)
{
    /// <summary>The markup.</summary>
    public override string ToString() => html;
}
