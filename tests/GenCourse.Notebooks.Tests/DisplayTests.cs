using GenCourse.Notebooks.Documents;
using GenCourse.Notebooks.Execution;

namespace GenCourse.Notebooks.Tests;

public sealed class DisplayTests
{
    [Fact]
    public void Display_ShowsObjectsAsHtmlAndStringsAsPlainText_AsTheKernelFormatsThem()
    {
        var data = DisplayedData("display(42); display(\"some text\"); display(new[] { 1, 2, 3 });");

        Assert.Equal(["text/html", "text/plain", "text/html"], data.Select(d => d.Keys.Single()));
        Assert.StartsWith("<div class=\"dni-plaintext\"><pre>42</pre></div>", data[0]["text/html"]);
        Assert.Equal("some text", data[1]["text/plain"]);
        Assert.StartsWith("<div class=\"dni-plaintext\"><pre>[ 1, 2, 3 ]</pre></div>", data[2]["text/html"]);
    }

    [Fact]
    public void Html_IsInsertedAsIs_WhileAStringDisplayedAsHtmlIsEncoded()
    {
        var data = DisplayedData("display(HTML(\"<b>bold</b>\")); display(\"<i>raw</i>\", \"text/html\");");

        Assert.Equal("<b>bold</b>", data[0]["text/html"]);
        Assert.Contains("<pre>&lt;i&gt;raw&lt;/i&gt;</pre>", data[1]["text/html"]);
    }

    [Fact]
    public void TrailingExpression_IsAnExecuteResult_AndStatementsShowNothing()
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "results.ipynb", TestNotebooks.Ipynb(
            "var x = 6;\nx * 7", "\"a string\"", "string s = null;\ns", "x++;", "Console.WriteLine(\"void\")", "HTML(\"<p>hi</p>\")"));

        var answer = Assert.IsType<DisplayOutput>(Assert.Single(result.Outputs(0)));
        Assert.True(answer.IsResult);
        Assert.Equal(1, answer.ExecutionCount);
        Assert.Contains("<pre>42</pre>", answer.Data["text/html"]);
        Assert.Equal("a string", ((DisplayOutput)Assert.Single(result.Outputs(1))).Data["text/plain"]);
        Assert.Contains("<pre>&lt;null&gt;</pre>", ((DisplayOutput)Assert.Single(result.Outputs(2))).Data["text/html"]);
        Assert.Empty(result.Outputs(3));
        Assert.IsType<StreamOutput>(Assert.Single(result.Outputs(4)));
        Assert.Equal("<p>hi</p>", ((DisplayOutput)Assert.Single(result.Outputs(5))).Data["text/html"]);
    }

    [Fact]
    public void TypeFormatterSource_DeclaredInACell_GivesThePreferredFormat()
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "formatter.ipynb", TestNotebooks.Ipynb(
            TestNotebooks.GaugeFormatterCell("$\"<meter value=\\\"{g.Value}\\\"></meter>\""),
            "new Gauge { Value = 0.5 }",
            "display(new BigGauge { Value = 2 }, \"text/plain\");"));

        Assert.True(result.Passed, result.Failure?.Message);
        Assert.Equal("<meter value=\"0.5\"></meter>", ((DisplayOutput)Assert.Single(result.Outputs(1))).Data["text/html"]);
        Assert.Equal("Gauge 2", ((DisplayOutput)Assert.Single(result.Outputs(2))).Data["text/plain"]);
    }

    [Fact]
    public void DisplayUpdate_UnderTheShownId_ReplacesThatOutput_FromAnyCell()
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "update.ipynb", TestNotebooks.Ipynb(
            """
            using Microsoft.DotNet.Interactive;
            using Microsoft.DotNet.Interactive.Events;
            using Microsoft.DotNet.Interactive.Formatting;
            void Show(object value, bool update)
            {
                var context = KernelInvocationContext.Current;
                var shown = FormattedValue.CreateManyFromObject(value, "text/plain");
                context.Publish(update ? new DisplayedValueUpdated(value, "progress", context.Command, shown) : new DisplayedValueProduced(value, context.Command, shown, "progress"));
            }
            Show("epoch 0", update: false);
            Console.WriteLine("training");
            for (int epoch = 1; epoch <= 3; epoch++) Show($"epoch {epoch}", update: true);
            """,
            "Show(\"done\", update: true);"));

        Assert.True(result.Passed, result.Failure?.Message);
        var outputs = result.Outputs(0);
        Assert.Equal(2, outputs.Count);
        Assert.Equal("done", ((DisplayOutput)outputs[0]).Data["text/plain"]);
        Assert.Equal("training\n", ((StreamOutput)outputs[1]).Text);
        Assert.Empty(result.Outputs(1));
    }

    [Fact]
    public void KernelDisplayHandleUpdate_IsAppendedAsASecondOutput_AsVSCodeShowsIt()
    {
        // The kernel's known defect (see NOTEBOOK-FACTS.md): DisplayedValue.Update publishes under another id than the
        // display. The kit's live outputs avoid it (GenCourse.Plotting.Notebook); this test tells when a kernel fixes it.
        var data = DisplayedData("var progress = display(\"epoch 0\");\nprogress.Update(\"epoch 1\");");

        Assert.Equal(["epoch 0", "epoch 1"], data.Select(d => d["text/plain"]));
    }

    static List<IReadOnlyDictionary<string, string>> DisplayedData(string cell)
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "display.ipynb", TestNotebooks.Ipynb(cell));
        Assert.True(result.Passed, result.Failure?.Message);
        return result.Outputs(0).Select(o => Assert.IsType<DisplayOutput>(o)).Select(d => d.Data).ToList();
    }
}
