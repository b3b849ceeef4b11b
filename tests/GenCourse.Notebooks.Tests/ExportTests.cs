using System.Diagnostics;
using GenCourse.Notebooks.Documents;
using GenCourse.Notebooks.Export;

namespace GenCourse.Notebooks.Tests;

public sealed class ExportTests
{
    [Fact]
    public void Export_TranslatesReferencesHoistsUsingsAndTypes_AndDisplaysTrailingExpressions()
    {
        using var folder = new TempFolder();
        folder.Write("lib/Tiny/Tiny.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        var notebook = Notebook.Load(folder.Write("course/nb.ipynb", TestNotebooks.Ipynb(
            "md:# Title\n\nSome *text*.",
            "#r \"../lib/Tiny/bin/Release/net8.0/Tiny.dll\"\n#r \"nuget: Plotly.NET, 6.0.0\"\nusing System.Numerics;\nvar p = new Point(3, 4);\np.Norm",
            "using Alias = System.Text.StringBuilder;\nrecord Point(double X, double Y) { public double Norm => Math.Sqrt(X * X + Y * Y); }\nConsole.WriteLine(new Alias(\"x\"));")));

        var app = FileAppExporter.Export(notebook, Path.Combine(folder.Path, "apps", "nb.cs"));

        var lines = app.Split('\n');
        Assert.Equal(["#:property Nullable=disable", "#:property PublishAot=false", "#:project ../lib/Tiny/Tiny.csproj", "#:package Plotly.NET@6.0.0"], lines[1..5]);
        Assert.True(Array.IndexOf(lines, "using Alias = System.Text.StringBuilder;") < Array.IndexOf(lines, "NotebookHost.Start(\"../course\");   // the notebook's cells ran in its folder"));
        Assert.Contains("// # Title\n//\n// Some *text*.\n", app);
        Assert.Contains("using System.Numerics;\n", app);
        Assert.Contains("// In [1]\nvar p = new Point(3, 4);\ndisplay(p.Norm);", app);
        Assert.Contains("// In [2]\nConsole.WriteLine(new Alias(\"x\"));", app);
        Assert.True(app.IndexOf("record Point(double X, double Y)") > app.IndexOf("Console.WriteLine(new Alias"), "types go after the statements");
        Assert.DoesNotContain("#r ", app);
        Assert.Contains("static class NotebookHost", app);
    }

    [Theory]
    [InlineData("var x = 1;|var x = 2;", "cell 2 declares 'x' again (first in cell 1)")]
    [InlineData("#load \"helpers.csx\"", "cell 1: '#load \"helpers.csx\"' has no equivalent in a file-based app")]
    [InlineData("#r \"/nowhere/Lib.dll\"", "cell 1: #r \"/nowhere/Lib.dll\" is not the output of a project")]
    [InlineData("fsharp:printfn \"hi\"", "cell 1 is a 'fsharp' cell; only C# cells become an app")]
    public void Export_RefusesWhatOneCSharpFileCannotHold_NamingTheCell(string cells, string expected)
    {
        using var folder = new TempFolder();
        var notebook = Notebook.Load(folder.Write("nb.ipynb", TestNotebooks.Ipynb(cells.Split('|'))));

        var error = Assert.Throws<InvalidDataException>(() => FileAppExporter.Export(notebook, Path.Combine(folder.Path, "nb.cs")));

        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public async Task ExportedApp_RunsWithDotnetRun_PrintingOutputsAndSavingFiguresAsPages()
    {
        using var folder = new TempFolder();
        folder.Write("course/data.txt", "4");
        folder.Write("course/nb.ipynb", TestNotebooks.Ipynb(
            TestNotebooks.KitReference + "\nusing GenCourse.Plotting;\nvar n = int.Parse(File.ReadAllText(\"data.txt\"));\nn * 10",
            "var history = new TrainingHistory(\"loss\").Show();\nfor (int step = 0; step < n; step++) history.Log(step, (\"loss\", 1.0 / (step + 1)));\nhistory.Refresh();",
            "new Figure(Plot.Line(new[] { 0.0, 1 }, new[] { 1.0, 0.5 }, \"line\")).WithTitle(\"A line\")"));
        var apps = Path.Combine(folder.Path, "apps");
        var (code, stdout, stderr) = TestNotebooks.Cli(["export", "--cs", Path.Combine(folder.Path, "course", "nb.ipynb"), "--out", apps]);
        Assert.True(code == 0, stderr);
        Assert.Contains($"Exported {Path.Combine(folder.Path, "course", "nb.ipynb")}: {Path.Combine(apps, "nb.cs")}", stdout);

        var run = new ProcessStartInfo("dotnet", ["run", "nb.cs"]) { WorkingDirectory = apps, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(run)!;
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var (output, errors) = (process.StandardOutput.ReadToEndAsync(limit.Token), process.StandardError.ReadToEndAsync(limit.Token));
        await process.WaitForExitAsync(limit.Token);

        Assert.True(process.ExitCode == 0, await output + await errors);
        Assert.DoesNotContain("warning", await output);
        var printed = (await output).Split('\n');
        Assert.Contains("40", printed);
        Assert.Contains("loss: loss=0.25 (step 3)  [saved nb-outputs/output-2.html]", printed);
        Assert.Contains("Figure(1 trace(s), title: A line)  [saved nb-outputs/output-3.html]", printed);
        Assert.Contains("class=\"gencourse-plot\"", File.ReadAllText(Path.Combine(apps, "nb-outputs", "output-3.html")));
        Assert.Contains("\"y\":[1,0.5,0.3333333,0.25]", File.ReadAllText(Path.Combine(apps, "nb-outputs", "output-2.html")));
    }
}
