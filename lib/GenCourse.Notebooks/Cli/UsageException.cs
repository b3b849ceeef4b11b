namespace GenCourse.Notebooks.Cli;

/// <summary>A command line the command cannot run: unknown option, missing value, bad path. Exit code 2.</summary>
/// <param name="command">The command whose usage applies ("run", "export", or "" for the top level).</param>
/// <param name="message">What is wrong, naming the argument.</param>
internal sealed class UsageException(string command, string message) : Exception(message)
{
    public string Command { get; } = command;
}
