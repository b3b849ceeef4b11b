using System.Text.Json;
using GenCourse.Plotting;

namespace GenCourse.Tests.Plotting;

/// <summary>The kit's interop with the notebook stack: formatters that fail, one plotly version.</summary>
public class NotebookInteropTests
{
    [Fact]
    public void MimeFormatter_ThatThrows_WritesWhatFailedAsText_InsteadOfFailingTheCell()
    {
        var html = new MimeFormatter(typeof(string), "text/html", _ => throw new InvalidOperationException("no <b>HTML</b>"));
        var plain = new MimeFormatter(typeof(string), "text/plain", _ => throw new FormatException("no text"));
        var (htmlWriter, plainWriter) = (new StringWriter(), new StringWriter());

        Assert.True(html.Format("value", htmlWriter));
        Assert.True(plain.Format("value", plainWriter));

        Assert.Equal("<pre>String could not be shown as text/html: InvalidOperationException: no &lt;b&gt;HTML&lt;/b&gt;</pre>", htmlWriter.ToString());
        Assert.Equal("String could not be shown as text/plain: FormatException: no text", plainWriter.ToString());
    }

    [Fact]
    public void FigureHtml_LoadsThePlotlyVersionTheSiteBundles()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "package.json"))) root = Path.GetDirectoryName(root)!;
        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "package.json")));
        var version = package.RootElement.GetProperty("dependencies").GetProperty("plotly.js-dist-min").GetString();

        var html = new Figure(Plot.Line([0.0, 1], [0.0, 1])).ToHtml();

        Assert.Contains($"'https://cdn.jsdelivr.net/npm/plotly.js-dist-min@{version}/plotly.min.js'", html);
        Assert.DoesNotContain("cdn.plot.ly", html);
    }
}
