using Markdig;

namespace GenCourse.Notebooks.Site;

/// <summary>
/// Markdown to HTML with pipe tables and math. Math is kept for KaTeX: <c>$...$</c> becomes
/// <c>&lt;span class="math"&gt;\(...\)&lt;/span&gt;</c> and <c>$$...$$</c> becomes <c>&lt;div class="math"&gt;\[...\]&lt;/div&gt;</c>,
/// so markdown never touches the formula and KaTeX auto-render draws it in the browser.
/// </summary>
internal static class MarkdownRenderer
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseMathematics().Build();

    public static string ToHtml(string markdown) => Markdown.ToHtml(markdown, Pipeline);
}
