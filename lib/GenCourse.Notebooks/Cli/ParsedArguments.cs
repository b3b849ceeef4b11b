namespace GenCourse.Notebooks.Cli;

/// <summary>A command's arguments split into positional paths, options with values and flags.</summary>
internal sealed class ParsedArguments
{
    public List<string> Positional { get; } = [];
    public Dictionary<string, string> Values { get; } = [];
    public HashSet<string> Flags { get; } = [];
    public bool Help => Flags.Contains("--help");

    /// <summary>Parses <c>--name value</c>, <c>--name=value</c>, flags and positional arguments.</summary>
    /// <exception cref="UsageException">An unknown option or a missing value.</exception>
    public static ParsedArguments Parse(string command, string[] args, string[] valueOptions, string[] flagOptions)
    {
        var parsed = new ParsedArguments();
        for (int i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help") parsed.Flags.Add("--help");
            else if (!arg.StartsWith('-') || arg == "-") parsed.Positional.Add(arg);
            else if (flagOptions.Contains(arg)) parsed.Flags.Add(arg);
            else
            {
                var (name, value) = arg.Split('=', 2) is [var n, var v] ? (n, v) : (arg, null);
                if (!valueOptions.Contains(name))
                    throw new UsageException(command, $"unknown option '{name}' for 'gencourse {command}'.");
                value ??= i + 1 < args.Length ? args[++i] : throw new UsageException(command, $"option '{name}' needs a value.");
                parsed.Values[name] = value;
            }
        }
        return parsed;
    }
}
