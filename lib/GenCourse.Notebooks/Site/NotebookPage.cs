using System.Text;
using GenCourse.Notebooks.Documents;
using static System.Net.WebUtility;

namespace GenCourse.Notebooks.Site;

/// <summary>The page of one notebook: markdown rendered, code with its source and outputs, links to the neighbours.</summary>
internal static class NotebookPage
{
    public static string Render(SitePage page, SitePage? previous, SitePage? next)
    {
        var body = new StringBuilder();
        body.AppendLine(Navigation(page, previous, next));
        foreach (var cell in page.Notebook.Cells) body.AppendLine(Cell(page.Notebook, cell));
        body.Append(Navigation(page, previous, next));
        return PageLayout.Page(page.Title, page.LinkTo(""), body.ToString());
    }

    static string Navigation(SitePage page, SitePage? previous, SitePage? next)
    {
        var links = new List<string> { $"<a href=\"{page.LinkTo("index.html")}\">Index</a>" };
        if (previous is not null) links.Add($"<a href=\"{page.LinkTo(previous.FileName)}\">&larr; {HtmlEncode(previous.Title)}</a>");
        if (next is not null) links.Add($"<a href=\"{page.LinkTo(next.FileName)}\">{HtmlEncode(next.Title)} &rarr;</a>");
        return $"<nav>{string.Join(" · ", links)}</nav>";
    }

    static string Cell(Notebook notebook, NotebookCell cell) => cell.Kind switch
    {
        CellKind.Markdown => $"<section class=\"cell markdown\">\n{MarkdownRenderer.ToHtml(cell.Source)}</section>",
        CellKind.Raw => $"<section class=\"cell raw\"><pre>{HtmlEncode(cell.Source)}</pre></section>",
        _ => Code(notebook, cell),
    };

    static string Code(Notebook notebook, NotebookCell cell)
    {
        var kernel = cell.KernelName ?? notebook.DefaultKernelName;
        var prompt = notebook.IsCSharp(cell) ? $"[{cell.ExecutionCount?.ToString() ?? " "}]" : HtmlEncode(kernel);
        var outputs = string.Concat(cell.Outputs.Snapshot().Select(OutputRenderer.Render));
        return $"<section class=\"cell code\"><div class=\"prompt\">{prompt}</div>" +
            $"<pre class=\"source\"><code class=\"language-{HtmlEncode(kernel)}\">{HtmlEncode(cell.Source)}</code></pre>" +
            $"<div class=\"outputs\">{outputs}</div></section>";
    }
}
