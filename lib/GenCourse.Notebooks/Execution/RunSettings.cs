namespace GenCourse.Notebooks.Execution;

/// <summary>How the runner executes notebooks.</summary>
public sealed record RunSettings
{
    /// <summary>Value of the GENCOURSE_PROFILE environment variable while cells run ("quick" for CI, "full" for the lesson).</summary>
    public string Profile { get; init; } = "quick";

    /// <summary>Longest a single cell may run before it is abandoned and its notebook stopped.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>The engine the notebooks run on: their engine line (<see cref="EngineLine"/>) is pointed at it.</summary>
    public string Backend { get; init; } = "embedded";

    /// <summary>
    /// Where a notebook's key figures (Expect.InRange) go, given the notebook's file name without extension: the runner
    /// sets GENCOURSE_FIGURES to it while the notebook runs. Null: figures are not written.
    /// </summary>
    public Func<string, string>? FiguresPath { get; init; }
}
