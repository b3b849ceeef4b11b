using System.Diagnostics;
using GenCourse.Notebooks.Documents;
using Microsoft.DotNet.Interactive.Events;

namespace GenCourse.Notebooks.Execution;

/// <summary>
/// Executes a notebook's code cells in order in one .NET Interactive C# kernel (see <see cref="KernelSession"/>), with
/// the notebook's folder as working directory and GENCOURSE_PROFILE set, filling each cell's outputs. Stops at the first
/// cell that fails, runs too long, or is written for another kernel.
/// </summary>
public sealed class NotebookRunner
{
    /// <summary>The environment variable notebooks read their budget profile from.</summary>
    public const string ProfileVariable = "GENCOURSE_PROFILE";

    /// <summary>A cell whose first line starts so (e.g. one that opens up the embedded engine's autograd) is skipped on other backends.</summary>
    public const string EmbeddedOnly = "// embedded engine only";

    /// <summary>The environment variable naming the file a notebook's key figures are written to (GenCourse.Plotting.Expect).</summary>
    public const string FiguresVariable = "GENCOURSE_FIGURES";

    readonly RunSettings settings;
    readonly TextWriter progress;

    /// <summary>Creates a runner.</summary>
    /// <param name="settings">Profile and per-cell timeout.</param>
    /// <param name="progress">Where "cell k/n ... elapsed" lines go; nothing is written when null.</param>
    public NotebookRunner(RunSettings settings, TextWriter? progress = null)
    {
        this.settings = settings;
        this.progress = progress ?? TextWriter.Null;
    }

    /// <summary>Runs the notebook's code cells; markdown and raw cells are left as they are.</summary>
    /// <remarks>
    /// A run sets process-wide state (the current directory, GENCOURSE_PROFILE, GENCOURSE_FIGURES) that the notebook's
    /// code reads, so runs in one process take turns: a second run waits until the first has finished.
    /// </remarks>
    public NotebookRunResult Run(Notebook notebook)
    {
        OneRunAtATime.Wait();
        try
        {
            return RunAlone(notebook);
        }
        finally
        {
            OneRunAtATime.Release();
        }
    }

    static readonly SemaphoreSlim OneRunAtATime = new(1, 1);

    NotebookRunResult RunAlone(Notebook notebook)
    {
        var clock = Stopwatch.StartNew();
        var previousDirectory = Directory.GetCurrentDirectory();
        var previousProfile = Environment.GetEnvironmentVariable(ProfileVariable);
        var previousFigures = Environment.GetEnvironmentVariable(FiguresVariable);
        var figures = settings.FiguresPath?.Invoke(Path.GetFileNameWithoutExtension(notebook.Path));
        if (figures is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(figures))!);
            File.Delete(figures);
            figures = Path.GetFullPath(figures);
        }
        Directory.SetCurrentDirectory(Path.GetDirectoryName(notebook.Path)!);
        Environment.SetEnvironmentVariable(ProfileVariable, settings.Profile);
        Environment.SetEnvironmentVariable(FiguresVariable, figures);
        try
        {
            return new NotebookRunResult(notebook, RunCells(notebook), clock.Elapsed);
        }
        finally
        {
            Directory.SetCurrentDirectory(previousDirectory);
            Environment.SetEnvironmentVariable(ProfileVariable, previousProfile);
            Environment.SetEnvironmentVariable(FiguresVariable, previousFigures);
        }
    }

    CellFailure? RunCells(Notebook notebook)
    {
        var codeCells = notebook.Cells.Where(cell => cell.Kind == CellKind.Code).ToList();
        foreach (var cell in codeCells)
        {
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
        }
        if (settings.Backend != "embedded" && !codeCells.Any(cell => EngineLine.IsIn(cell.Source)))
            return new CellFailure(1, 1, null, "NoEngineLine",
                $"the notebook has no engine line (#!import ../lib/Engines/embedded.dib), so it cannot run on the '{settings.Backend}' backend");
        using var session = new KernelSession();
        using var recorder = new OutputRecorder(session.Events);
        // The kernel's first submission compiles for seconds (Roslyn warming up); an empty one takes that cost, so a
        // cell's time limit measures the cell. Its events are not recorded.
        session.SubmitAsync("{ }", KernelSession.CellPath(notebook.Path, 0)).Wait(settings.CellTimeout);
        int k = 0;
        for (int index = 1; index <= notebook.Cells.Count; index++)
        {
            var cell = notebook.Cells[index - 1];
            if (cell.Kind != CellKind.Code) continue;
            k++;
            if (RunCell(session, recorder, notebook, cell, index, k, codeCells.Count) is not { } error) continue;
            cell.Outputs.Add(new ErrorOutput(error.Name, error.Message, error.Traceback));
            return new CellFailure(index, k, error.Line, error.Name, error.Message);
        }
        return null;
    }

    /// <summary>Runs code cell k of n (cell <paramref name="index"/> of the notebook); returns its error, or null when it passed.</summary>
    CellError? RunCell(KernelSession session, OutputRecorder recorder, Notebook notebook, NotebookCell cell, int index, int k, int n)
    {
        cell.ExecutionCount = k;
        progress.Write($"  cell {k}/{n} ...");
        progress.Flush();
        var clock = Stopwatch.StartNew();
        var error = Execute(session, recorder, notebook, cell, KernelSession.CellPath(notebook.Path, index));
        progress.WriteLine($" {clock.Elapsed.TotalSeconds:0.00} s{(error is null ? "" : " FAILED")}");
        return error;
    }

    CellError? Execute(KernelSession session, OutputRecorder recorder, Notebook notebook, NotebookCell cell, string cellPath)
    {
        if (notebook.UnsupportedKernel(cell) is { } kernelName) return CellError.UnsupportedKernel(kernelName);
        if (settings.Backend != "embedded" && cell.Source.TrimStart().StartsWith(EmbeddedOnly, StringComparison.Ordinal))
        {
            cell.Outputs.Add(new StreamOutput("stdout", $"(not run on {settings.Backend}: the cell says it is for the embedded engine only)\n"));
            return null;
        }
        recorder.Start(cell);
        try
        {
            var submission = session.SubmitAsync(EngineLine.Select(cell.Source, settings.Backend), cellPath);
            if (!submission.Wait(settings.CellTimeout)) return CellError.Timeout(cellPath, settings.CellTimeout);
            return submission.Result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed
                ? CellError.FromFailure(failed, recorder.Errors, cell.Source, cellPath)
                : null;
        }
        catch (AggregateException e)
        {
            return CellError.FromException(e.InnerException ?? e, cell.Source, cellPath);
        }
        finally
        {
            recorder.Stop();
        }
    }
}
