using GenCourse.Notebooks.Documents;

namespace GenCourse.Notebooks.Tests;

/// <summary>The kit's own notebook outputs, run in the kernel as course notebooks run them.</summary>
public sealed class KitOutputTests
{
    [Fact]
    public void TrainingHistory_LiveOutput_IsUpdatedInPlace_FromItsCellAndLaterCells()
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "live.ipynb", TestNotebooks.Ipynb(
            TestNotebooks.KitReference + """

            using GenCourse.Plotting;
            var history = new TrainingHistory("loss").Show();
            history.RefreshSeconds = 0;
            for (int step = 1; step <= 3; step++) history.Log(step, ("loss", 10.0 * step));
            """,
            "history.Log(4, (\"loss\", 40.0));"));

        Assert.True(result.Passed, result.Failure?.Message);
        var shown = Assert.IsType<DisplayOutput>(Assert.Single(result.Outputs(0)));
        Assert.Contains("\"y\":[10,20,30,40]", shown.Data["text/html"]);
        Assert.Empty(result.Outputs(1));
    }
}
