using System.Globalization;
using Microsoft.Data.Analysis;

namespace GenCourse.Plotting;

/// <summary>
/// Microsoft.Data.Analysis DataFrames for results a student sorts, filters or groups: conversions from the kit's
/// <see cref="Table"/> and <see cref="TrainingHistory"/> and back, and how a DataFrame shows in a notebook (an HTML
/// table of its first <see cref="ShownRows"/> rows). Numbers become double columns (integers Int64): the DataFrame's
/// float32 statistics and CSV type inference would lose precision.
/// </summary>
public static class DataFrames
{
    /// <summary>Rows a displayed DataFrame shows; the rest are counted below the table.</summary>
    public const int ShownRows = 50;

    /// <summary>The table as a DataFrame, one column per table column: Int64 when every value is an integer, double when
    /// every value is a number, bool when every value is one, otherwise strings. Null cells stay null.</summary>
    public static DataFrame ToDataFrame(this Table table) =>
        new(table.Columns.Select((name, i) => Column(name, table.Values.Select(row => row[i]).ToList())));

    /// <summary>One row per logged step: a "step" column and a double column per series, null where a series was not
    /// logged at that step (the last value when it was logged twice).</summary>
    public static DataFrame ToDataFrame(this TrainingHistory history)
    {
        var steps = history.Names.SelectMany(name => history[name].Select(point => point.step)).Distinct().Order().ToArray();
        var columns = new List<DataFrameColumn> { new DoubleDataFrameColumn("step", steps) };
        foreach (var name in history.Names)
        {
            var byStep = history[name].GroupBy(point => point.step).ToDictionary(group => group.Key, group => group.Last().value);
            columns.Add(new DoubleDataFrameColumn(name, steps.Select(step => byStep.TryGetValue(step, out var v) ? v : (double?)null)));
        }
        return new DataFrame(columns);
    }

    /// <summary>The frame's first <paramref name="maxRows"/> rows as a kit table, numbers printed with <paramref name="numberFormat"/>.</summary>
    public static Table ToTable(this DataFrame frame, int maxRows = int.MaxValue, string numberFormat = "G6")
    {
        if (maxRows < 0) throw new ArgumentException($"DataFrames.ToTable: maxRows must be >= 0, got {maxRows}", nameof(maxRows));
        var table = new Table(frame.Columns.Select(column => column.Name).ToArray()).WithFormat(numberFormat);
        for (long row = 0; row < Math.Min(frame.Rows.Count, maxRows); row++)
            table.AddRow(frame.Columns.Select(column => column[row]).ToArray());
        return table;
    }

    /// <summary>The notebook's HTML for a frame: a table of its first rows, then how many more there are.</summary>
    internal static string ToHtml(DataFrame frame) =>
        frame.ToTable(ShownRows).ToHtml() + (More(frame) is { } more ? $"<p class=\"gencourse-more\">{more}</p>" : "");

    /// <summary>The notebook's text for a frame: aligned columns of its first rows, then how many more there are.</summary>
    internal static string ToPlainText(DataFrame frame) => frame.ToTable(ShownRows).ToPlainText() + (More(frame) is { } more ? "\n" + more : "");

    static string? More(DataFrame frame) =>
        frame.Rows.Count > ShownRows ? $"... {frame.Rows.Count - ShownRows} more rows ({frame.Rows.Count} in all)" : null;

    static DataFrameColumn Column(string name, IReadOnlyList<object?> values)
    {
        var present = values.OfType<object>().ToList();
        if (present.Count > 0 && present.All(IsInteger))
            return new Int64DataFrameColumn(name, values.Select(v => v is null ? (long?)null : Convert.ToInt64(v, CultureInfo.InvariantCulture)));
        if (present.Count > 0 && present.All(v => IsInteger(v) || v is double or float or decimal))
            return new DoubleDataFrameColumn(name, values.Select(v => v is null ? (double?)null : Convert.ToDouble(v, CultureInfo.InvariantCulture)));
        if (present.Count > 0 && present.All(v => v is bool))
            return new BooleanDataFrameColumn(name, values.Select(v => (bool?)v));
        return new StringDataFrameColumn(name, values.Select(v => v switch
        {
            null => null,
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString(),
        }));
    }

    static bool IsInteger(object value) => value is byte or sbyte or short or ushort or int or uint or long;
}
