namespace GenCourse.Notebooks.Cli;

/// <summary>The <c>gencourse</c> command line: <c>run</c>, <c>export</c> and help.</summary>
public static class CommandLine
{
    /// <summary>Runs the command line.</summary>
    /// <returns>0 on success, 1 when a notebook failed or the site could not be written, 2 for a usage error.</returns>
    public static int Execute(string[] args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            switch (args)
            {
                case ["run", .. var rest]: return RunCommand.Execute(rest, stdout, stderr);
                case ["export", .. var rest]: return ExportCommand.Execute(rest, stdout, stderr);
                case ["-h" or "--help" or "help"]:
                    stdout.Write(Usage.Main);
                    return 0;
                case []:
                    stderr.Write(Usage.Main);
                    return 2;
                default: throw new UsageException("", $"unknown command '{args[0]}'.");
            }
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"gencourse: {e.Message}");
            stderr.WriteLine($"Run 'gencourse {(e.Command.Length > 0 ? e.Command + " " : "")}--help' for usage.");
            return 2;
        }
        catch (InvalidOperationException e)
        {
            stderr.WriteLine($"gencourse: {e.Message}");
            return 1;
        }
    }
}
