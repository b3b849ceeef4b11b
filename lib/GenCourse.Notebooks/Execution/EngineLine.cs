using System.Text.RegularExpressions;

namespace GenCourse.Notebooks.Execution;

/// <summary>
/// A notebook's engine line, <c>#!import ../lib/Engines/embedded.dib</c>: the one line of its first cell that picks the
/// engine. <c>gencourse run --backend NAME</c> runs the notebook with that line pointing at NAME.dib instead.
/// </summary>
public static partial class EngineLine
{
    /// <summary>The engines the kit has: the embedded one (the default) and TorchSharp.</summary>
    public static readonly string[] Backends = ["embedded", "torchsharp"];

    /// <summary>The environment variable that gives the backend when --backend is not given.</summary>
    public const string Variable = "GENCOURSE_BACKEND";

    [GeneratedRegex(@"^(?<head>\s*#!import\s+""?(?<folder>\S*?Engines/))(?<name>[A-Za-z0-9_-]+)(?<tail>\.dib""?\s*)$", RegexOptions.Multiline)]
    private static partial Regex Pattern();

    /// <summary>Checks a backend name; the error lists the valid ones.</summary>
    public static string Validate(string backend) =>
        Backends.Contains(backend) ? backend
            : throw new ArgumentException($"unknown backend '{backend}'; the kit has {string.Join(" and ", Backends.Select(b => $"'{b}'"))}");

    /// <summary>True when <paramref name="source"/> holds an engine line.</summary>
    public static bool IsIn(string source) => Pattern().IsMatch(source);

    /// <summary>The source with its engine line pointing at <paramref name="backend"/>.dib.</summary>
    public static string Select(string source, string backend) =>
        Pattern().Replace(source, m => m.Groups["head"].Value + backend + m.Groups["tail"].Value);
}
