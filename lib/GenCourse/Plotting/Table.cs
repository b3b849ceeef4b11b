using System.Globalization;
using System.Net;
using System.Text;

namespace GenCourse.Plotting;

/// <summary>A small results table (e.g. test NLL for K = 1, 10, 100) rendered as HTML and aligned text.</summary>
[TypeFormatterSource(typeof(RenderableFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class Table(params string[] columns) : IRenderable
{
    readonly List<string[]> rows = new();

    public IReadOnlyList<string> Columns { get; } = columns;

    public IReadOnlyList<string[]> Rows => rows;

    /// <summary>Adds a row; numbers are printed with the format set by <see cref="WithFormat"/>.</summary>
    public Table AddRow(params object[] cells)
    {
        if (cells.Length != Columns.Count)
            throw new ArgumentException($"Table.AddRow: got {cells.Length} cells for {Columns.Count} columns ({string.Join(", ", Columns)})");
        rows.Add(cells.Select(c => c switch
        {
            double d => d.ToString(format, CultureInfo.InvariantCulture),
            float f => f.ToString(format, CultureInfo.InvariantCulture),
            IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
            _ => c?.ToString() ?? "",
        }).ToArray());
        return this;
    }

    string format = "G6";

    /// <summary>Number format for later rows (default "G6").</summary>
    public Table WithFormat(string numberFormat)
    {
        format = numberFormat;
        return this;
    }

    public string ToHtml()
    {
        var sb = new StringBuilder("<table class=\"gencourse-table\"><thead><tr>");
        foreach (var c in Columns) sb.Append("<th>").Append(WebUtility.HtmlEncode(c)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var r in rows)
        {
            sb.Append("<tr>");
            foreach (var c in r) sb.Append("<td>").Append(WebUtility.HtmlEncode(c)).Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }

    public string ToPlainText()
    {
        var widths = Columns.Select((c, i) => Math.Max(c.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        string Line(IReadOnlyList<string> cells) => string.Join("  ", cells.Select((c, i) => c.PadLeft(widths[i])));
        return string.Join("\n", new[] { Line(Columns) }.Concat(rows.Select(Line)));
    }

    public override string ToString() => ToPlainText();
}
