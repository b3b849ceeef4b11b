using GenCourse.Notebooks.Documents;
using static System.Net.WebUtility;

namespace GenCourse.Notebooks.Site;

/// <summary>
/// HTML for one cell output. A display shows its richest format: HTML (inserted as is, so its scripts run),
/// SVG, images as data URLs, markdown, then plain text.
/// </summary>
internal static class OutputRenderer
{
    public static string Render(NotebookOutput output) => output switch
    {
        StreamOutput stream => $"<pre class=\"output stream {stream.Name}\">{HtmlEncode(stream.Text)}</pre>",
        ErrorOutput error => $"<div class=\"output error\"><strong>{HtmlEncode(error.Name)}</strong>: {HtmlEncode(error.Value)}" +
            $"<pre>{HtmlEncode(string.Join("\n", error.Traceback))}</pre></div>",
        DisplayOutput display => Display(display.Data),
        _ => "",
    };

    static string Display(IReadOnlyDictionary<string, string> data)
    {
        if (data.TryGetValue("text/html", out var html)) return $"<div class=\"output html\">{html}</div>";
        if (data.TryGetValue("image/svg+xml", out var svg)) return $"<div class=\"output image\">{svg}</div>";
        foreach (var image in (string[])["image/png", "image/jpeg", "image/gif"])
            if (data.TryGetValue(image, out var base64))
                return $"<div class=\"output image\"><img src=\"data:{image};base64,{base64.Trim()}\" alt=\"output image\"></div>";
        if (data.TryGetValue("text/markdown", out var markdown)) return $"<div class=\"output markdown\">{MarkdownRenderer.ToHtml(markdown)}</div>";
        var text = data.TryGetValue("text/plain", out var plain) ? plain : data.Values.FirstOrDefault() ?? "";
        return $"<pre class=\"output text\">{HtmlEncode(text)}</pre>";
    }
}
