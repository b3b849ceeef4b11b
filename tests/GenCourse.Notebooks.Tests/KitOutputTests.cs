using GenCourse.Notebooks.Documents;
using GenCourse.Notebooks.Execution;

namespace GenCourse.Notebooks.Tests;

/// <summary>The kit's own notebook outputs, run in the kernel as course notebooks run them.</summary>
public sealed class KitOutputTests
{
    [Fact]
    public void TrainingHistory_LiveOutput_IsUpdatedInPlace_FromItsCellAndLaterCells()
    {
        var result = RunWithKit("live.ipynb",
            """
            var history = new TrainingHistory("loss").Show();
            history.RefreshSeconds = 0;
            for (int step = 1; step <= 3; step++) history.Log(step, ("loss", 10.0 * step));
            """,
            "history.Log(4, (\"loss\", 40.0));");

        Assert.True(result.Passed, result.Failure?.Message);
        var shown = Assert.IsType<DisplayOutput>(Assert.Single(result.Outputs(0)));
        Assert.Contains("\"y\":[10,20,30,40]", shown.Data["text/html"]);
        Assert.Empty(result.Outputs(1));
    }

    [Fact]
    public void DataFrame_ShowsAsTheKitsHtmlTable_InTheKernel()
    {
        var result = RunWithKit("frame.ipynb",
            "var results = new Table(\"K\", \"NLL\").AddRow(1, 95.123456789).AddRow(100, 90.5).ToDataFrame();",
            "results.OrderBy(\"NLL\")",
            "display(results, \"text/plain\");");

        Assert.True(result.Passed, result.Failure?.Message);
        Assert.Equal("<table class=\"gencourse-table\"><thead><tr><th>K</th><th>NLL</th></tr></thead><tbody><tr><td>100</td><td>90.5</td></tr>" +
            "<tr><td>1</td><td>95.1235</td></tr></tbody></table>", ((DisplayOutput)Assert.Single(result.Outputs(1))).Data["text/html"]);
        Assert.Equal("  K      NLL\n  1  95.1235\n100     90.5", ((DisplayOutput)Assert.Single(result.Outputs(2))).Data["text/plain"]);
    }

    [Fact]
    public void PlotlyNetChart_ConvertsToAndFromAFigure_AndIsDrawnAsAKitFigure()
    {
        var result = RunWithKit("chart.ipynb",
            "var figure = new Figure(Plot.Line(new[] { 0.0, 1, 2 }, new[] { 1.0, 0.5, 0.25 }, \"loss\")).WithTitle(\"Training\");",
            "#r \"nuget: Plotly.NET, 6.0.0\"",
            "var chart = PlotlyNet.ToGenericChart(figure);   // names no Plotly.NET type: the kit loads the package itself\nchart",
            "using GenericChart = Plotly.NET.GenericChart;\nConsole.WriteLine(GenericChart.countTrace((GenericChart)chart));\nPlotlyNet.ToFigure(chart).ToPlainText()");

        Assert.True(result.Passed, result.Failure?.Message);
        var drawn = ((DisplayOutput)Assert.Single(result.Outputs(2))).Data["text/html"];
        Assert.Contains("class=\"gencourse-plot\"", drawn);
        Assert.Contains("\"y\":[1.0,0.5,0.25]", drawn);
        Assert.Contains("\"title\":{\"text\":\"Training\"}", drawn);
        Assert.Equal("1\n", result.Stdout(3));
        Assert.Equal("Figure(1 trace(s), title: Training)", result.Outputs(3).OfType<DisplayOutput>().Single().Data["text/plain"]);
    }

    /// <summary>Runs the cells, the first one after the lines that load the kit (as course notebooks do) and import GenCourse.Plotting.</summary>
    static NotebookRunResult RunWithKit(string name, params string[] cells)
    {
        using var folder = new TempFolder();
        return TestNotebooks.Run(folder, name, TestNotebooks.Ipynb([TestNotebooks.KitReference + "\nusing GenCourse.Plotting;\n" + cells[0], .. cells[1..]]));
    }
}
