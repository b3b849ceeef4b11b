using System.Diagnostics;
using GenCourse.Notebooks.Cli;

namespace GenCourse.Notebooks.Tests;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData(new[] { "--help" }, "gencourse run [NOTEBOOK|FOLDER ...]")]
    [InlineData(new[] { "run", "--help" }, "--timeout SECONDS")]
    [InlineData(new[] { "export", "-h" }, "gencourse export NOTEBOOK|FOLDER")]
    public void Help_PrintsUsage(string[] args, string expected)
    {
        var (code, stdout, _) = TestNotebooks.Cli(args);

        Assert.Equal(0, code);
        Assert.Contains(expected, stdout);
    }

    [Theory]
    [InlineData(new[] { "run", "--fast" }, "unknown option '--fast' for 'gencourse run'")]
    [InlineData(new[] { "run", "--profile", "medium" }, "--profile must be 'quick' or 'full', not 'medium'")]
    [InlineData(new[] { "run", "--timeout=soon" }, "--timeout must be a positive number of seconds, not 'soon'")]
    [InlineData(new[] { "run", "--timeout", "0" }, "--timeout must be a positive number of seconds, not '0'")]
    [InlineData(new[] { "run", "--timeout=-5" }, "--timeout must be a positive number of seconds, not '-5'")]
    [InlineData(new[] { "run", "--out" }, "option '--out' needs a value")]
    [InlineData(new[] { "run", "no/such/folder" }, "'no/such/folder' does not exist")]
    [InlineData(new[] { "publish" }, "unknown command 'publish'")]
    public void BadArguments_ExitWith2AndSayWhatIsWrong(string[] args, string expected)
    {
        var (code, _, stderr) = TestNotebooks.Cli(args);

        Assert.Equal(2, code);
        Assert.Contains(expected, stderr);
    }

    [Fact]
    public void Run_FindsNotebooksRecursivelyInNameOrder_SkippingDotFolders()
    {
        using var folder = new TempFolder();
        var cell = TestNotebooks.Ipynb("Console.WriteLine(1);");
        folder.Write("nbs/b.ipynb", cell);
        folder.Write("nbs/a.dib", "Console.WriteLine(2);");
        folder.Write("nbs/sub/c.ipynb", cell);
        folder.Write("nbs/.ipynb_checkpoints/b-checkpoint.ipynb", cell);
        folder.Write("nbs/notes.txt", "not a notebook");
        var nbs = Path.Combine(folder.Path, "nbs");
        var output = Path.Combine(folder.Path, "out");

        var (code, stdout, stderr) = TestNotebooks.Cli(["run", nbs, "--out", output, "--no-site"]);

        Assert.True(code == 0, stderr);
        var order = stdout.Split('\n').Where(line => line.StartsWith('[')).ToList();
        Assert.Equal([$"[1/3] {nbs}/a.dib", $"[2/3] {nbs}/b.ipynb", $"[3/3] {nbs}/sub/c.ipynb"], order);
        Assert.Contains("  cell 1/1 ...", stdout);
        Assert.True(File.Exists(Path.Combine(output, "notebooks", "a.ipynb")));
        Assert.True(File.Exists(Path.Combine(output, "notebooks", "sub", "c.ipynb")));
        Assert.False(Directory.Exists(Path.Combine(output, "site")));
    }

    [Theory]
    [InlineData("{ \"cells\": [", "broken.ipynb: not valid JSON")]
    [InlineData("{\"nbformat\": 3, \"worksheets\": []}", "broken.ipynb: nbformat 3 is not supported (expected 4)")]
    public void Run_NotebookThatCannotBeRead_NamesTheFileAndTheProblem(string content, string expected)
    {
        using var folder = new TempFolder();
        var path = folder.Write("broken.ipynb", content);

        var (code, _, stderr) = TestNotebooks.Cli(["run", path, "--out", Path.Combine(folder.Path, "out"), "--no-site"]);

        Assert.Equal(1, code);
        Assert.Contains($"FAILED {path}: cannot read the notebook: {Path.GetFullPath(folder.Path)}/{expected}", stderr);
    }

    [Fact]
    public async Task Process_APackageAnEarlierNotebookRestored_StillResolvesItsDependenciesForALaterNotebook()
    {
        // A fresh process: the kit must first load after another notebook's kernel loaded Microsoft.Data.Analysis from
        // the NuGet cache and was disposed (its Microsoft.ML.DataView dependency was still unloaded then).
        using var folder = new TempFolder();
        folder.Write("nbs/1_nuget.ipynb", TestNotebooks.Ipynb(
            "#r \"nuget: Microsoft.Data.Analysis, 0.24.0\"", "Console.WriteLine(new Microsoft.Data.Analysis.DoubleDataFrameColumn(\"x\", 2).Length);"));
        folder.Write("nbs/2_kit.ipynb", TestNotebooks.Ipynb(
            TestNotebooks.KitReference + "\nusing GenCourse.Plotting;\nConsole.WriteLine(new Table(\"K\").AddRow(1).ToDataFrame().Rows.Count);"));

        var (code, stdout, stderr) = await RunProcess(folder, "run", "nbs", "--out", "out", "--no-site");

        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("2 passed, 0 failed", stdout);
    }

    [Fact]
    public async Task Process_FailingNotebook_ExitsWith1_NamesCellAndLine_AndRunsTheOthers()
    {
        using var folder = new TempFolder();
        folder.Write("nbs/1_fails.ipynb", TestNotebooks.Ipynb(
            "md:# Broken", "var data = new int[3];\nConsole.WriteLine(data[5]);", "Console.WriteLine(\"unreached\");"));
        folder.Write("nbs/2_works.ipynb", TestNotebooks.Ipynb("Console.WriteLine(\"fine\");"));

        var (code, stdout, stderr) = await RunProcess(folder, "run", "nbs", "--out", "out", "--no-site", "--timeout", "60");

        Assert.Equal(1, code);
        Assert.Contains("FAILED nbs/1_fails.ipynb cell 2 (line 2): IndexOutOfRangeException: Index was outside the bounds of the array. [code cell 1]", stderr);
        Assert.Contains("[2/2] nbs/2_works.ipynb", stdout);
        Assert.Contains("1 passed, 1 failed", stdout);
        var failed = Documents.Notebook.Load(Path.Combine(folder.Path, "out", "notebooks", "1_fails.ipynb"));
        Assert.Equal("IndexOutOfRangeException", ((Documents.ErrorOutput)failed.Cells[1].Outputs.Snapshot().Single()).Name);
        var executed = Documents.Notebook.Load(Path.Combine(folder.Path, "out", "notebooks", "2_works.ipynb"));
        Assert.Equal("fine\n", ((Documents.StreamOutput)executed.Cells[0].Outputs.Snapshot().Single()).Text);
    }

    /// <summary>Runs the gencourse command in its own process, in <paramref name="folder"/>.</summary>
    static async Task<(int Code, string Stdout, string Stderr)> RunProcess(TempFolder folder, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", ["exec", typeof(CommandLine).Assembly.Location, .. args])
        {
            WorkingDirectory = folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var (stdout, stderr) = (process.StandardOutput.ReadToEndAsync(limit.Token), process.StandardError.ReadToEndAsync(limit.Token));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
