namespace GenCourse.Notebooks.Execution;

/// <summary>How the runner executes notebooks.</summary>
public sealed record RunSettings
{
    /// <summary>Value of the GENCOURSE_PROFILE environment variable while cells run ("quick" for CI, "full" for the lesson).</summary>
    public string Profile { get; init; } = "quick";

    /// <summary>Longest a single cell may run before it is abandoned and its notebook stopped.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromSeconds(600);
}
