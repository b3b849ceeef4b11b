namespace GenCourse.Benchmarks;

/// <summary>Command-line options of the form <c>--name value</c>.</summary>
public sealed class Options
{
    readonly Dictionary<string, string> values = new();

    public Options(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--"))
                throw new ArgumentException($"unexpected argument '{args[i]}': options look like --name value");
            var name = args[i][2..];
            values[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--") ? args[++i] : "true";
        }
    }

    public int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v) : fallback;
    public string String(string name, string fallback) => values.TryGetValue(name, out var v) ? v : fallback;

    /// <summary>Whether <c>--name</c> was given (without a value, or with any value but "false").</summary>
    public bool Flag(string name) => values.TryGetValue(name, out var v) && v != "false";
}
