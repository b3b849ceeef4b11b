namespace GenCourse.Plotting;

/// <summary>
/// The notebook budget profile, from the GENCOURSE_PROFILE environment variable: "quick" (CI, the default for the
/// runner) or "full" (the real lesson). Notebooks set every epoch count and sample size in one place with
/// <see cref="Choose{T}"/>, e.g. <c>var epochs = Profile.Choose(quick: 1, full: 20);</c>.
/// </summary>
public static class Profile
{
    public const string Variable = "GENCOURSE_PROFILE";

    /// <summary>"quick" or "full"; unset means "full" (a student running the notebook in VS Code gets the real lesson).</summary>
    public static string Current
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            return string.IsNullOrWhiteSpace(value) ? "full"
                : value.Trim().ToLowerInvariant() is "quick" or "full" ? value.Trim().ToLowerInvariant()
                : throw new InvalidOperationException($"{Variable} must be \"quick\" or \"full\", got \"{value}\"");
        }
    }

    public static bool IsQuick => Current == "quick";

    public static T Choose<T>(T quick, T full) => IsQuick ? quick : full;
}
