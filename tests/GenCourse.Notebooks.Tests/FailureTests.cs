using GenCourse.Notebooks.Documents;
using GenCourse.Notebooks.Execution;

namespace GenCourse.Notebooks.Tests;

public sealed class FailureTests
{
    [Fact]
    public void RuntimeError_StopsTheNotebook_AndRecordsCellAndLine()
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "boom.ipynb", TestNotebooks.Ipynb(
            "md:# Title",
            "int Divide(int a, int b) => a / b;",
            "Console.WriteLine(\"before\");\nvar zero = 0;\nDivide(1, zero);\nConsole.WriteLine(\"after\");",
            "Console.WriteLine(\"never\");"));

        Assert.False(result.Passed);
        var failure = result.Failure!;
        Assert.Equal((3, 2, 3), (failure.CellIndex, failure.CodeCell, failure.Line));
        Assert.Equal("DivideByZeroException", failure.ExceptionType);
        Assert.Equal("Attempted to divide by zero.", failure.Message);

        var outputs = result.Outputs(2);
        Assert.Equal("before\n", ((StreamOutput)outputs[0]).Text);
        var error = Assert.IsType<ErrorOutput>(outputs[1]);
        Assert.Equal(("DivideByZeroException", "Attempted to divide by zero."), (error.Name, error.Value));
        Assert.Contains(error.Traceback, line => line.Contains("boom.ipynb#cell3:line 3"));
        Assert.DoesNotContain(error.Traceback, line => line.Contains("Microsoft.CodeAnalysis.Scripting"));
        Assert.Empty(result.Outputs(3));
        Assert.Null(result.Notebook.Cells[3].ExecutionCount);
        Assert.Equal("FAILED nb/boom.ipynb cell 3 (line 3): DivideByZeroException: Attempted to divide by zero. [code cell 2]",
            failure.Report("nb/boom.ipynb"));
    }

    [Fact]
    public void CompileError_ReportsEveryDiagnosticWithCellRelativeLines()
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "typo.ipynb", TestNotebooks.Ipynb(
            "var ok = 1;",
            "var a = ok;\nvar b = undefinedName;\nint c = \"text\";"));

        var failure = result.Failure!;
        Assert.Equal((2, 2, 2), (failure.CellIndex, failure.CodeCell, failure.Line));
        Assert.Equal("CompilationErrorException", failure.ExceptionType);
        var error = Assert.IsType<ErrorOutput>(Assert.Single(result.Outputs(1)));
        Assert.Equal(2, error.Traceback.Count);
        Assert.StartsWith("(2,9): error CS0103: The name 'undefinedName' does not exist", error.Traceback[0]);
        Assert.StartsWith("(3,9): error CS0029:", error.Traceback[1]);
        Assert.Equal(string.Join("\n", error.Traceback), error.Value);
    }

    [Fact]
    public void SlowCell_TimesOut_AndTheNextNotebookStillRuns()
    {
        using var folder = new TempFolder();
        var settings = new RunSettings { CellTimeout = TimeSpan.FromSeconds(10) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var slow = TestNotebooks.Run(folder, "slow.ipynb", TestNotebooks.Ipynb(
            "Console.WriteLine(\"start\");", "System.Threading.Thread.Sleep(600_000);", "Console.WriteLine(\"never\");"), settings);

        // Abandoned, not waited out: far less than the cell's 10 minutes, however busy the machine (kernel start included).
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5), $"took {clock.Elapsed}");
        var failure = slow.Failure!;
        Assert.Equal(("TimeoutException", 2), (failure.ExceptionType, failure.CellIndex));
        Assert.Contains("did not finish within 10 s", failure.Message);
        Assert.Equal("TimeoutException", Assert.IsType<ErrorOutput>(Assert.Single(slow.Outputs(1))).Name);
        Assert.Empty(slow.Outputs(2));

        var next = TestNotebooks.Run(folder, "next.ipynb", TestNotebooks.Ipynb("Console.WriteLine(\"still running\");"), settings);
        Assert.Equal("still running\n", next.Stdout(0));
    }

    [Theory]
    [InlineData("throw new InvalidOperationException($\"no HTML for {g.Value}\")", "", "InvalidOperationException", "no HTML for 3")]
    [InlineData("\"unused\"", "public GaugeFormatters(int needsAnArgument) { }", "MissingMethodException", "Cannot dynamically create an instance of type")]
    public void FormatterThatFails_FailsTheCell_AtTheLineOfTheShownValue_AsInTheKernel(string html, string sourceMember, string name, string message)
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "formatter.ipynb", TestNotebooks.Ipynb(
            TestNotebooks.GaugeFormatterCell(html).Replace("class GaugeFormatters\n{", "class GaugeFormatters\n{\n    " + sourceMember),
            "var gauge = new Gauge { Value = 3 };\nConsole.WriteLine(\"made\");\ngauge",
            "Console.WriteLine(\"never\");"));

        var failure = result.Failure!;
        Assert.Equal((2, 2, 3), (failure.CellIndex, failure.CodeCell, failure.Line));
        Assert.Equal(name, failure.ExceptionType);
        Assert.StartsWith(message, failure.Message);
        Assert.Equal("made\n", result.Stdout(1));
        Assert.Empty(result.Outputs(2));
    }

    [Theory]
    [InlineData("Console.WriteLine(1);\n#r \"nuget: NoSuchPackage.GenCourseTest, 1.0.0\"", 2, "PackageRestoreError", "error NU1101: Unable to find package NoSuchPackage.GenCourseTest")]
    [InlineData("// a library\n#r \"missing/lib.dll\"", 2, "CompilationErrorException", "(2,1): error CS0006: Metadata file 'missing/lib.dll' could not be found")]
    [InlineData("#!time\nConsole.WriteLine(1);", 1, "DirectiveError", "(1,1): error DNI101: Unknown magic command '#!time'")]
    public void ReferenceOrDirectiveThatCannotBeResolved_IsReportedWithItsLine(string cell, int line, string name, string message)
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "refs.ipynb", TestNotebooks.Ipynb(cell, "Console.WriteLine(\"never\");"));

        var failure = result.Failure!;
        Assert.Equal((1, line, name), (failure.CellIndex, failure.Line, failure.ExceptionType));
        Assert.StartsWith(message, failure.Message);
        Assert.Equal(name, Assert.IsType<ErrorOutput>(result.Outputs(0)[^1]).Name);
        Assert.Empty(result.Outputs(1));
    }
}
