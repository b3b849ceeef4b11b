using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using GenCourse.Notebooks.Documents;
using GenCourse.Notebooks.Execution;

namespace GenCourse.Notebooks.Tests;

public sealed class ExecutionTests
{
    [Fact]
    public void Run_ExecutesCellsInOrder()
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "order.ipynb", TestNotebooks.Ipynb(
            "var log = new List<string> { \"first\" };",
            "md:# Not code",
            "log.Add(\"second\");",
            "Console.WriteLine(string.Join(\">\", log));"));

        Assert.True(result.Passed);
        Assert.Equal("first>second\n", result.Stdout(3));
        Assert.Equal([1, null, 2, 3], result.Notebook.Cells.Select(c => c.ExecutionCount));
    }

    [Fact]
    public void Run_CarriesVariablesAndClassesBetweenCells()
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "state.ipynb", TestNotebooks.Ipynb(
            "int epochs = 3;\nrecord Point(double X, double Y) { public double Norm2 => X * X + Y * Y; }",
            "var p = new Point(epochs, 4);",
            "Console.WriteLine($\"{p.Norm2} {epochs}\");"));

        Assert.True(result.Passed, result.Failure?.Message);
        Assert.Equal("25 3\n", result.Stdout(2));
    }

    [Fact]
    public void Run_ReferencesADllRelativeToTheNotebook()
    {
        using var folder = new TempFolder();
        EmitLibrary(Path.Combine(folder.Path, "lib", "Tiny.dll"),
            "namespace Tiny; public static class Greeter { public static string Hello(string name) => \"hello \" + name; }");
        var notebook = Path.Combine(folder.Path, "course", "nb.ipynb");
        folder.Write("course/nb.ipynb", TestNotebooks.Ipynb(
            "#r \"../lib/Tiny.dll\"\nConsole.WriteLine(Tiny.Greeter.Hello(\"students\"));"));

        var result = new NotebookRunner(new RunSettings()).Run(Notebook.Load(notebook));

        Assert.True(result.Passed, result.Failure?.Message);
        Assert.Equal("hello students\n", result.Stdout(0));
    }

    [Fact]
    public void Run_LoadsACsxRelativeToTheNotebook()
    {
        using var folder = new TempFolder();
        folder.Write("helpers/math.csx", "static double Square(double x) => x * x;");
        var result = TestNotebooks.Run(folder, "load.ipynb", TestNotebooks.Ipynb(
            "#load \"helpers/math.csx\"\nConsole.WriteLine(Square(1.5));"));

        Assert.True(result.Passed, result.Failure?.Message);
        Assert.Equal("2.25\n", result.Stdout(0));
    }

    [Fact]
    public void Run_UsesTheNotebookFolderAsWorkingDirectory()
    {
        using var folder = new TempFolder();
        folder.Write("data/values.txt", "42");
        var before = Directory.GetCurrentDirectory();
        var result = TestNotebooks.Run(folder, "cwd.ipynb", TestNotebooks.Ipynb(
            "Console.WriteLine(System.IO.Directory.GetCurrentDirectory());",
            "Console.WriteLine(System.IO.File.ReadAllText(\"data/values.txt\"));"));

        Assert.True(result.Passed, result.Failure?.Message);
        Assert.Equal(Path.GetFullPath(folder.Path) + "\n", result.Stdout(0));
        Assert.Equal("42\n", result.Stdout(1));
        Assert.Equal(before, Directory.GetCurrentDirectory());
    }

    [Theory]
    [InlineData("quick")]
    [InlineData("full")]
    public void Run_ExposesTheProfileToCells(string profile)
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "profile.ipynb",
            TestNotebooks.Ipynb("Console.Write(Environment.GetEnvironmentVariable(\"GENCOURSE_PROFILE\"));"),
            new RunSettings { Profile = profile });

        Assert.Equal(profile, result.Stdout(0));
    }

    [Fact]
    public void Run_CapturesStdoutAndStderrInterleavedWithDisplays()
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "streams.ipynb", TestNotebooks.Ipynb(
            "Console.Write(\"a\"); Console.WriteLine(\"b\"); Console.Error.WriteLine(\"warn\"); display(7); Console.WriteLine(\"c\");"));

        var outputs = result.Outputs(0);
        Assert.Equal(4, outputs.Count);
        Assert.Equal(("stdout", "ab\n"), (((StreamOutput)outputs[0]).Name, ((StreamOutput)outputs[0]).Text));
        Assert.Equal(("stderr", "warn\n"), (((StreamOutput)outputs[1]).Name, ((StreamOutput)outputs[1]).Text));
        Assert.Contains("<pre>7</pre>", ((DisplayOutput)outputs[2]).Data["text/html"]);
        Assert.Equal("c\n", ((StreamOutput)outputs[3]).Text);
    }

    [Fact]
    public void Run_CapturesWritesFromTasksTheCellStarts()
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "tasks.ipynb", TestNotebooks.Ipynb(
            "await Task.Run(() => Console.WriteLine(\"from a task\"));\nParallel.For(0, 2, i => Console.Write(\"\"));"));

        Assert.True(result.Passed, result.Failure?.Message);
        Assert.Equal("from a task\n", result.Stdout(0));
    }

    [Fact]
    public void Run_UsesTheCSharpKernelsDefaultUsingsAndTheWholeFramework()
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "usings.ipynb", TestNotebooks.Ipynb(
            "var sb = new StringBuilder(); var q = new Queue<int>(); Task t = Task.CompletedTask; IEnumerable e = new ArrayList();\n" +
            "Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new[] { 1, 2 }.Select(x => x * 2)));"));

        Assert.True(result.Passed, result.Failure?.Message);
        Assert.Equal("[2,4]\n", result.Stdout(0));
    }

    [Fact]
    public void Run_RestoresANugetPackageNamedInACell()
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "nuget.ipynb", TestNotebooks.Ipynb(
            "#r \"nuget: Microsoft.Data.Analysis, 0.24.0\"",
            "var column = new Microsoft.Data.Analysis.DoubleDataFrameColumn(\"x\", new[] { 1.5, 2.5 });\nConsole.WriteLine(column.Sum());"));

        Assert.True(result.Passed, result.Failure?.Message);
        Assert.Equal("4\n", result.Stdout(1));
    }

    [Theory]
    [InlineData("fsharp:printfn \"hi\"", "fsharp")]
    [InlineData("#!pwsh\nWrite-Host hi", "pwsh")]
    public void CellForAnotherKernel_IsReportedAsUnsupportedByName_AndStopsTheNotebook(string cell, string kernel)
    {
        using var folder = new TempFolder();
        var ipynb = TestNotebooks.Ipynb("md:Some *text*", "Console.WriteLine(1);", cell, "Console.WriteLine(2);");
        var result = TestNotebooks.Run(folder, "mixed.ipynb", ipynb);

        var failure = result.Failure!;
        Assert.Equal((3, 2, 1), (failure.CellIndex, failure.CodeCell, failure.Line));
        Assert.Equal("NotSupportedException", failure.ExceptionType);
        Assert.Contains($"this is a '{kernel}' cell; gencourse run hosts only the C# kernel", failure.Message);
        Assert.Equal("Some *text*", result.Notebook.Cells[0].Source);
        Assert.Equal("1\n", result.Stdout(1));
        Assert.Empty(result.Outputs(3));
    }

    static void EmitLibrary(string path, string code)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var compilation = CSharpCompilation.Create(
            Path.GetFileNameWithoutExtension(path),
            [CSharpSyntaxTree.ParseText(code)],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var emitted = compilation.Emit(path);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
    }
}
