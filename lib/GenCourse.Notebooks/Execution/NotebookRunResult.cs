using GenCourse.Notebooks.Documents;

namespace GenCourse.Notebooks.Execution;

/// <summary>The outcome of running one notebook; its cells now hold their outputs.</summary>
/// <param name="Notebook">The executed notebook.</param>
/// <param name="Failure">Why it stopped, or null when every C# cell ran.</param>
/// <param name="Elapsed">Wall time for the whole notebook.</param>
public sealed record NotebookRunResult(Notebook Notebook, CellFailure? Failure, TimeSpan Elapsed)
{
    /// <summary>True when every C# cell ran without error.</summary>
    public bool Passed => Failure is null;
}
