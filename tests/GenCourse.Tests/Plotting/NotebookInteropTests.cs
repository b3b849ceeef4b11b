using System.Text.Json;
using GenCourse.Plotting;
using Microsoft.Data.Analysis;

namespace GenCourse.Tests.Plotting;

/// <summary>The kit's interop with the notebook stack: DataFrames, Plotly JSON, formatters that fail, one plotly version.</summary>
public class NotebookInteropTests
{
    [Fact]
    public void TableToDataFrame_KeepsNumbersExact_AndTypesEachColumnFromItsValues()
    {
        var table = new Table("K", "NLL", "model", "converged")
            .AddRow(1, 95.123456789012345, "vae", true)
            .AddRow(100L, 90.5f, null, false);

        var frame = table.ToDataFrame();

        Assert.Equal(["K", "NLL", "model", "converged"], frame.Columns.Select(c => c.Name));
        Assert.IsType<Int64DataFrameColumn>(frame.Columns["K"]);
        var nll = Assert.IsType<DoubleDataFrameColumn>(frame.Columns["NLL"]);
        Assert.Equal(95.123456789012345, nll[0]);
        Assert.Equal(90.5, nll[1]);
        Assert.IsType<StringDataFrameColumn>(frame.Columns["model"]);
        Assert.Null(frame.Columns["model"][1]);
        Assert.IsType<BooleanDataFrameColumn>(frame.Columns["converged"]);
        Assert.Equal(100L, frame.OrderBy("NLL").Columns["K"][0]);
    }

    [Fact]
    public void TrainingHistoryToDataFrame_HasAStepColumn_AndNullWhereASeriesWasNotLogged()
    {
        var history = new TrainingHistory("vae");
        history.Log(0, ("loss", 3.0), ("kl", 0.1));
        history.Log(10, ("loss", 2.0));
        history.Log(20, ("loss", 1.25), ("kl", 0.3));

        var frame = history.ToDataFrame();

        Assert.Equal(["step", "loss", "kl"], frame.Columns.Select(c => c.Name));
        Assert.All(frame.Columns, c => Assert.IsType<DoubleDataFrameColumn>(c));
        Assert.Equal(new double?[] { 0, 10, 20 }, frame.Columns["step"].Cast<double?>());
        Assert.Equal(new double?[] { 3.0, 2.0, 1.25 }, frame.Columns["loss"].Cast<double?>());
        Assert.Equal(new double?[] { 0.1, null, 0.3 }, frame.Columns["kl"].Cast<double?>());
    }

    [Fact]
    public void DataFrameToTable_PrintsNumbersWithTheFormat_AndLimitsTheRows()
    {
        var frame = new DataFrame(new Int64DataFrameColumn("K", [1, 10, 100]), new DoubleDataFrameColumn("NLL", [95.123456789, 92.0, 90.5]));

        var table = frame.ToTable(maxRows: 2, numberFormat: "F2");

        Assert.Equal(["K", "NLL"], table.Columns);
        Assert.Equal([["1", "95.12"], ["10", "92.00"]], table.Rows);
        Assert.Equal([[1L, 95.123456789], [10L, 92.0]], table.Values.Select(r => r.ToArray()));
        Assert.Throws<ArgumentException>(() => frame.ToTable(maxRows: -1));
    }

    [Fact]
    public void DataFrameInANotebook_IsAnHtmlTableOfItsFirstRows_ThenHowManyMore()
    {
        var frame = new DataFrame(new DoubleDataFrameColumn("x", Enumerable.Range(0, DataFrames.ShownRows + 3).Select(i => i / 3.0)));

        var html = DataFrames.ToHtml(frame);
        var text = DataFrames.ToPlainText(frame);

        Assert.StartsWith("<table class=\"gencourse-table\"><thead><tr><th>x</th></tr></thead><tbody><tr><td>0</td></tr><tr><td>0.333333</td></tr>", html);
        Assert.Equal(DataFrames.ShownRows, html.Split("<tr><td>").Length - 1);
        Assert.EndsWith("</table><p class=\"gencourse-more\">... 3 more rows (53 in all)</p>", html);
        Assert.EndsWith("\n... 3 more rows (53 in all)", text);
        Assert.DoesNotContain("more rows", DataFrames.ToHtml(frame.Head(5)));
    }

    [Fact]
    public void NotebookFormat_ShowsKitTypesAndDataFrames_AndNothingElse()
    {
        var frame = new Table("K", "NLL").AddRow(1, 95.5).ToDataFrame();

        Assert.Equal(DataFrames.ToHtml(frame), Notebook.Format(frame, "text/html"));
        Assert.Equal("K   NLL\n1  95.5", Notebook.Format(frame, "text/plain"));
        Assert.Equal("Figure(0 trace(s))", Notebook.Format(new Figure(), "text/plain"));
        Assert.Null(Notebook.Format(frame, "image/png"));
        Assert.Null(Notebook.Format("a string", "text/html"));
        Assert.Null(Notebook.Format(null, "text/plain"));
    }

    [Fact]
    public void FigureFromJson_GivesBackTracesLayoutAndFrames()
    {
        var figure = new Figure(Plot.Line([0.0, 1], [1.0, 0.5], "loss"), Plot.Scatter([0.5], [0.75], "point"))
            .WithTitle("Training").WithXLabel("step").AddFrame("a", Plot.Line([0.0], [1.0]), Plot.Scatter([0.0], [0.0]));

        var back = Figure.FromJson(figure.ToJson());

        Assert.Equal(figure.ToJson(), back.ToJson());
        Assert.Equal(2, back.Traces.Count);
        Assert.Equal("Figure(2 trace(s), title: Training, 1 frames)", back.ToPlainText());
    }

    [Theory]
    [InlineData("not json", "Figure.FromJson: not valid JSON")]
    [InlineData("[1, 2]", "Figure.FromJson: the JSON is not an object")]
    [InlineData("{\"layout\": {}}", "Figure.FromJson: \"data\" must be an array of trace objects, got nothing")]
    [InlineData("{\"data\": [1]}", "Figure.FromJson: \"data\" must be an array of trace objects, got Array")]
    [InlineData("{\"data\": [], \"layout\": 3}", "Figure.FromJson: \"layout\" must be an object, got Number")]
    public void FigureFromJson_RejectsWhatIsNotPlotlyJson_SayingWhy(string json, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Figure.FromJson(json));
        Assert.StartsWith(expected, error.Message);
        Assert.Equal("json", error.ParamName);
    }

    [Fact]
    public void PlotlyNet_WithoutPlotlyNetLoaded_SaysHowToLoadIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PlotlyNet.ToGenericChart(new Figure()));
        Assert.Contains("#r \"nuget: Plotly.NET, 6.0.0\"", error.Message);
    }

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
