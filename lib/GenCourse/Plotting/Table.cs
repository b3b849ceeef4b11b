using System.Globalization;
using System.Net;
using System.Text;

namespace GenCourse.Plotting;

/// <summary>
/// A small results table (e.g. test NLL for K = 1, 10, 100) rendered as HTML and aligned text. Cells keep their values
/// (numbers stay numbers), so <see cref="DataFrames.ToDataFrame(Table)"/> gives a DataFrame to sort, filter or group.
/// </summary>
[TypeFormatterSource(typeof(RenderableFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class Table(params string[] columns) : IRenderable
{
    readonly List<(object?[] values, string format)> rows = new();
    string format = "G6";

    public IReadOnlyList<string> Columns { get; } = columns;

    /// <summary>The cells as shown: numbers printed with the format that was set when their row was added.</summary>
    public IReadOnlyList<string[]> Rows => rows.Select(row => row.values.Select(value => Text(value, row.format)).ToArray()).ToList();

    /// <summary>The cells as added.</summary>
    public IReadOnlyList<IReadOnlyList<object?>> Values => rows.Select(row => (IReadOnlyList<object?>)row.values).ToList();

    /// <summary>Adds a row; numbers are printed with the format set by <see cref="WithFormat"/>.</summary>
    public Table AddRow(params object?[] cells)
    {
        if (cells.Length != Columns.Count)
            throw new ArgumentException($"Table.AddRow: got {cells.Length} cells for {Columns.Count} columns ({string.Join(", ", Columns)})");
        rows.Add((cells.ToArray(), format));
        return this;
    }

    /// <summary>Number format for later rows (default "G6").</summary>
    public Table WithFormat(string numberFormat)
    {
        format = numberFormat;
        return this;
    }

    static string Text(object? value, string numberFormat) => value switch
    {
        double d => d.ToString(numberFormat, CultureInfo.InvariantCulture),
        float f => f.ToString(numberFormat, CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };

    public string ToHtml()
    {
        var sb = new StringBuilder("<table class=\"gencourse-table\"><thead><tr>");
        foreach (var c in Columns) sb.Append("<th>").Append(WebUtility.HtmlEncode(c)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var r in Rows)
        {
            sb.Append("<tr>");
            foreach (var c in r) sb.Append("<td>").Append(WebUtility.HtmlEncode(c)).Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }

    public string ToPlainText()
    {
        var shown = Rows;
        var widths = Columns.Select((c, i) => Math.Max(c.Length, shown.Count == 0 ? 0 : shown.Max(r => r[i].Length))).ToArray();
        string Line(IReadOnlyList<string> cells) => string.Join("  ", cells.Select((c, i) => c.PadLeft(widths[i])));
        return string.Join("\n", new[] { Line(Columns) }.Concat(shown.Select(Line)));
    }

    public override string ToString() => ToPlainText();
}
