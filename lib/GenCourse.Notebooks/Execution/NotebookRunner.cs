using System.Diagnostics;
using GenCourse.Notebooks.Documents;

namespace GenCourse.Notebooks.Execution;

/// <summary>
/// Executes a notebook's C# cells in order in one scripting session, with the notebook's folder as working
/// directory and GENCOURSE_PROFILE set, filling each cell's outputs. Stops at the first failing cell.
/// </summary>
public sealed class NotebookRunner
{
    /// <summary>The environment variable notebooks read their budget profile from.</summary>
    public const string ProfileVariable = "GENCOURSE_PROFILE";

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

    /// <summary>Runs the notebook's C# cells; other cells are left as they are.</summary>
    public NotebookRunResult Run(Notebook notebook)
    {
        ConsoleRouter.Install();
        DisplayHook.Install();
        var clock = Stopwatch.StartNew();
        var previousDirectory = Directory.GetCurrentDirectory();
        var previousProfile = Environment.GetEnvironmentVariable(ProfileVariable);
        Directory.SetCurrentDirectory(Path.GetDirectoryName(notebook.Path)!);
        Environment.SetEnvironmentVariable(ProfileVariable, settings.Profile);
        try
        {
            return new NotebookRunResult(notebook, RunCells(notebook), clock.Elapsed);
        }
        finally
        {
            Directory.SetCurrentDirectory(previousDirectory);
            Environment.SetEnvironmentVariable(ProfileVariable, previousProfile);
        }
    }

    CellFailure? RunCells(Notebook notebook)
    {
        var codeCells = notebook.Cells.Where(notebook.IsCSharp).ToList();
        foreach (var cell in codeCells)
        {
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
        }
        var session = new ScriptSession(notebook.Path);
        int k = 0;
        for (int index = 1; index <= notebook.Cells.Count; index++)
        {
            var cell = notebook.Cells[index - 1];
            if (!notebook.IsCSharp(cell)) continue;
            k++;
            if (RunCell(session, cell, ScriptSession.CellPath(notebook.Path, index), k, codeCells.Count) is not { } error) continue;
            cell.Outputs.Add(new ErrorOutput(error.Name, error.Message, error.Traceback));
            return new CellFailure(index, k, error.Line, error.Name, error.Message);
        }
        return null;
    }

    /// <summary>Runs code cell k of n; returns its error, or null when it passed.</summary>
    CellError? RunCell(ScriptSession session, NotebookCell cell, string cellPath, int k, int n)
    {
        cell.ExecutionCount = k;
        var context = new CellContext(cell.Outputs, k);
        progress.Write($"  cell {k}/{n} ...");
        progress.Flush();
        var clock = Stopwatch.StartNew();
        var (finished, exception) = CellWorker.Run(cancellation =>
        {
            var value = session.Run(cell.Source, cellPath, cancellation);
            if (value is not null and not DisplayHandle) context.ShowResult(value);
        }, context, settings.CellTimeout);
        bool passed = finished && exception is null;
        progress.WriteLine($" {clock.Elapsed.TotalSeconds:0.00} s{(passed ? "" : " FAILED")}");
        if (passed) return null;
        return finished ? CellError.FromException(exception!, cellPath) : CellError.Timeout(cellPath, settings.CellTimeout);
    }
}
