using System.Text;
using static System.Net.WebUtility;

namespace GenCourse.Notebooks.Site;

/// <summary>The site's index: every notebook in course order with its title, run time and pass/fail mark.</summary>
internal static class IndexPage
{
    public const string Title = "GenCourse — Deep Generative Models in C#";

    public static string Render(IReadOnlyList<SitePage> pages)
    {
        int failed = pages.Count(page => !page.Passed);
        var body = new StringBuilder();
        body.AppendLine($"<h1>{HtmlEncode(Title)}</h1>");
        body.AppendLine($"<p class=\"summary\">{pages.Count} notebook{(pages.Count == 1 ? "" : "s")}, {pages.Count - failed} passed, {failed} failed.</p>");
        body.AppendLine("<table class=\"index\">");
        body.AppendLine("<thead><tr><th>Result</th><th>Notebook</th><th>File</th><th>Time</th></tr></thead>");
        body.AppendLine("<tbody>");
        foreach (var page in pages)
        {
            var (status, mark) = page.Passed ? ("passed", "&#10003; passed") : ("failed", "&#10007; failed");
            var time = page.Elapsed is { } elapsed ? $"{elapsed.TotalSeconds:0.0} s" : "&mdash;";
            body.AppendLine($"<tr class=\"{status}\"><td class=\"mark\">{mark}</td>" +
                $"<td><a href=\"{HtmlEncode(page.FileName)}\">{HtmlEncode(page.Title)}</a></td>" +
                $"<td>{HtmlEncode(Path.GetFileName(page.Notebook.Path))}</td><td class=\"time\">{time}</td></tr>");
        }
        body.AppendLine("</tbody>");
        body.Append("</table>");
        return PageLayout.Page(Title, "", body.ToString());
    }
}
