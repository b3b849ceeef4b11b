using GenCourse.Notebooks.Documents;
using GenCourse.Notebooks.Execution;

namespace GenCourse.Notebooks.Tests;

public sealed class DisplayTests
{
    /// <summary>A cell declaring the .NET Interactive formatter convention itself, matched by name only.</summary>
    const string FormatterCell = """
        [AttributeUsage(AttributeTargets.Class)]
        class TypeFormatterSourceAttribute : Attribute
        {
            public TypeFormatterSourceAttribute(Type formatterSourceType) => FormatterSourceType = formatterSourceType;
            public Type FormatterSourceType { get; }
            public string[] PreferredMimeTypes { get; set; } = [];
        }
        class Formatter
        {
            public Formatter(string mimeType, Func<object, string> render) { MimeType = mimeType; this.render = render; }
            readonly Func<object, string> render;
            public string MimeType { get; }
            public bool Format(object instance, System.IO.TextWriter writer) { writer.Write(render(instance)); return true; }
        }
        class GaugeFormatters
        {
            public IEnumerable<object> CreateTypeFormatters() =>
                [new Formatter("text/plain", g => $"Gauge {((Gauge)g).Value}"), new Formatter("text/html", g => $"<meter value=\"{((Gauge)g).Value}\"></meter>")];
        }
        [TypeFormatterSource(typeof(GaugeFormatters), PreferredMimeTypes = ["text/html", "text/plain"])]
        class Gauge { public double Value { get; set; } }
        class BigGauge : Gauge { }
        """;

    [Fact]
    public void Display_ShowsPlainTextForObjectsAndStrings()
    {
        var data = DisplayedData("display(42); display(\"some text\"); display(new[] { 1, 2, 3 });");

        Assert.Equal(["42", "some text", "[ 1, 2, 3 ]"], data.Select(d => d["text/plain"]));
        Assert.All(data, d => Assert.Equal(["text/plain"], d.Keys));
    }

    [Fact]
    public void Html_IsShownAsTextHtml()
    {
        var data = DisplayedData("display(HTML(\"<b>bold</b>\"));");

        Assert.Equal("<b>bold</b>", Assert.Single(data)["text/html"]);
    }

    [Fact]
    public void Display_WithAMimeType_ShowsAStringAsThatType()
    {
        var data = DisplayedData("display(\"<i>raw</i>\", \"text/html\");");

        Assert.Equal(["text/html"], Assert.Single(data).Keys);
        Assert.Equal("<i>raw</i>", data[0]["text/html"]);
    }

    [Fact]
    public void TrailingExpression_IsAnExecuteResult_AndNullOrStatementsShowNothing()
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "results.ipynb", TestNotebooks.Ipynb(
            "var x = 6;\nx * 7", "\"a string\"", "string s = null;\ns", "x++;", "Console.WriteLine(\"void\")", "HTML(\"<p>hi</p>\")"));

        var answer = Assert.IsType<DisplayOutput>(Assert.Single(result.Outputs(0)));
        Assert.True(answer.IsResult);
        Assert.Equal(1, answer.ExecutionCount);
        Assert.Equal("42", answer.Data["text/plain"]);
        Assert.Equal("a string", ((DisplayOutput)Assert.Single(result.Outputs(1))).Data["text/plain"]);
        Assert.Empty(result.Outputs(2));
        Assert.Empty(result.Outputs(3));
        Assert.IsType<StreamOutput>(Assert.Single(result.Outputs(4)));
        Assert.Equal("<p>hi</p>", ((DisplayOutput)Assert.Single(result.Outputs(5))).Data["text/html"]);
    }

    [Fact]
    public void TypeFormatterSource_DeclaredInACell_GivesEveryFormatInPreferredOrder()
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "formatter.ipynb", TestNotebooks.Ipynb(
            FormatterCell, "new Gauge { Value = 0.5 }", "display(new BigGauge { Value = 2 }, \"text/plain\");"));

        Assert.True(result.Passed, result.Failure?.Message);
        var shown = ((DisplayOutput)Assert.Single(result.Outputs(1))).Data;
        Assert.Equal(["text/html", "text/plain"], shown.Keys);
        Assert.Equal("<meter value=\"0.5\"></meter>", shown["text/html"]);
        Assert.Equal("Gauge 0.5", shown["text/plain"]);
        var inherited = ((DisplayOutput)Assert.Single(result.Outputs(2))).Data;
        Assert.Equal(["text/plain"], inherited.Keys);
        Assert.Equal("Gauge 2", inherited["text/plain"]);
    }

    [Fact]
    public void DisplayHandle_Update_ReplacesTheOutputInPlace()
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "update.ipynb", TestNotebooks.Ipynb(
            "var progress = display(\"epoch 0\");\nConsole.WriteLine(\"training\");\nfor (int epoch = 1; epoch <= 3; epoch++) progress.Update($\"epoch {epoch}\");",
            "progress.Update(HTML(\"<b>done</b>\"));"));

        Assert.True(result.Passed, result.Failure?.Message);
        var outputs = result.Outputs(0);
        Assert.Equal(2, outputs.Count);
        Assert.Equal("<b>done</b>", ((DisplayOutput)outputs[0]).Data["text/html"]);
        Assert.Equal("training\n", ((StreamOutput)outputs[1]).Text);
        Assert.Empty(result.Outputs(1));
    }

    [Fact]
    public void DisplayHook_LetsLibraryCodeDisplayAndUpdate()
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "hook.ipynb", TestNotebooks.Ipynb("""
            var show = (Func<object, string, object>)AppDomain.CurrentDomain.GetData("GenCourse.Notebook.Display");
            dynamic handle = show("step 1", null);
            handle.Update("step 2");
            show("<svg></svg>", "image/svg+xml");
            """));

        Assert.True(result.Passed, result.Failure?.Message);
        var outputs = result.Outputs(0).Cast<DisplayOutput>().ToList();
        Assert.Equal("step 2", outputs[0].Data["text/plain"]);
        Assert.Equal("<svg></svg>", Assert.Single(outputs[1].Data).Value);
        Assert.Equal("image/svg+xml", outputs[1].Data.Keys.Single());
    }

    static List<IReadOnlyDictionary<string, string>> DisplayedData(string cell)
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "display.ipynb", TestNotebooks.Ipynb(cell));
        Assert.True(result.Passed, result.Failure?.Message);
        return result.Outputs(0).Select(o => Assert.IsType<DisplayOutput>(o)).Select(d => d.Data).ToList();
    }
}
