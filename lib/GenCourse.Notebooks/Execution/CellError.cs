using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace GenCourse.Notebooks.Execution;

/// <summary>A cell's error as the notebook shows it, plus the line within the cell where it happened.</summary>
/// <param name="Name">Exception type name, or what failed ("PackageRestoreError", "DirectiveError").</param>
/// <param name="Message">The message; for compile errors every diagnostic, one per line.</param>
/// <param name="Traceback">Diagnostics, or the exception with its stack trace (kernel and runner frames removed).</param>
/// <param name="Line">1-based line within the cell, or null when unknown.</param>
internal sealed partial record CellError(string Name, string Message, IReadOnlyList<string> Traceback, int? Line)
{
    /// <summary>The error of a cell the kernel reported as failed.</summary>
    /// <param name="failed">The kernel's failure event.</param>
    /// <param name="errors">Error diagnostics the kernel reported for the cell.</param>
    /// <param name="source">The cell's code.</param>
    /// <param name="cellPath">The file name the cell compiled under (see <see cref="KernelSession.CellPath"/>).</param>
    public static CellError FromFailure(CommandFailed failed, IReadOnlyList<Diagnostic> errors, string source, string cellPath)
    {
        if (failed.Exception is { } exception and not CodeSubmissionCompilationErrorException) return FromException(exception, source, cellPath);
        if (errors.Count > 0)
            return FromDiagnostics(failed.Exception is null ? "DirectiveError" : "CompilationErrorException", errors);
        var restore = failed.Message.ReplaceLineEndings("\n").Split('\n')
            .Select(line => RestoreError().Match(line)).Where(match => match.Success).Select(match => match.Value).ToList();
        if (restore.Count > 0)
            return new("PackageRestoreError", string.Join("\n", restore), restore, NugetDirectiveLine(source, restore[0]));
        return new("KernelError", failed.Message, failed.Message.ReplaceLineEndings("\n").Split('\n'), null);
    }

    /// <summary>An exception thrown by the cell (or by a formatter showing its value); the line is the cell's deepest frame.</summary>
    public static CellError FromException(Exception exception, string source, string cellPath)
    {
        var traceback = exception.ToString().ReplaceLineEndings("\n").Split('\n').Where(line => !IsHostFrame(line)).ToList();
        var frame = new StackTrace(exception, fNeedFileInfo: true).GetFrames().FirstOrDefault(f => f.GetFileName() == cellPath);
        int? line = frame?.GetFileLineNumber() ?? (ThrownByFormatter(exception) ? LastLine(source) : null);
        return new(exception.GetType().Name, exception.Message, traceback, line);
    }

    /// <summary>A cell still running when its time was up.</summary>
    public static CellError Timeout(string cellPath, TimeSpan limit)
    {
        var message = $"{Path.GetFileName(cellPath)} did not finish within {limit.TotalSeconds:0.###} s; " +
            "the runner abandoned it and stopped this notebook (raise the limit with --timeout SECONDS).";
        return new(nameof(TimeoutException), message, [$"{nameof(TimeoutException)}: {message}"], null);
    }

    /// <summary>A code cell for a kernel other than C#.</summary>
    public static CellError UnsupportedKernel(string kernelName)
    {
        var message = $"this is a '{kernelName}' cell; gencourse run hosts only the C# kernel (csharp), so it cannot run it.";
        return new(nameof(NotSupportedException), message, [$"{nameof(NotSupportedException)}: {message}"], 1);
    }

    /// <summary>"(line,col): error CODE: message" per diagnostic; the failure's line is the first one's.</summary>
    static CellError FromDiagnostics(string name, IReadOnlyList<Diagnostic> errors)
    {
        var lines = errors.Select(d => $"({d.LinePositionSpan.Start.Line + 1},{d.LinePositionSpan.Start.Character + 1}): error {d.Code}: {d.Message}").ToList();
        return new(name, string.Join("\n", lines), lines, errors[0].LinePositionSpan.Start.Line + 1);
    }

    /// <summary>The line of the <c>#r "nuget: ..."</c> directive the restore error names, else of the first one.</summary>
    static int? NugetDirectiveLine(string source, string error)
    {
        var directives = source.ReplaceLineEndings("\n").Split('\n')
            .Select((text, index) => (Match: NugetDirective().Match(text), Line: index + 1))
            .Where(d => d.Match.Success).ToList();
        var named = directives.Where(d => error.Contains(d.Match.Groups["name"].Value, StringComparison.OrdinalIgnoreCase));
        return named.Concat(directives).Select(d => (int?)d.Line).FirstOrDefault();
    }

    /// <summary>A return value whose formatter threw: the exception passed through the kernel's formatting, not the cell.</summary>
    static bool ThrownByFormatter(Exception exception) =>
        new StackTrace(exception).GetFrames().Any(frame => frame.GetMethod()?.DeclaringType?.Namespace == "Microsoft.DotNet.Interactive.Formatting");

    static int LastLine(string source) => source.TrimEnd().ReplaceLineEndings("\n").Split('\n').Length;

    static bool IsHostFrame(string line)
    {
        var text = line.TrimStart();
        return text.StartsWith("at Microsoft.CodeAnalysis.", StringComparison.Ordinal)
            || text.StartsWith("at Microsoft.DotNet.Interactive.", StringComparison.Ordinal)
            || text.StartsWith("at GenCourse.Notebooks.", StringComparison.Ordinal)
            || text.StartsWith("--- End of stack trace from previous location", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"error NU\d+: .*")]
    private static partial Regex RestoreError();

    [GeneratedRegex("""^\s*#r\s+"nuget:\s*(?<name>[^,"\s]+)""")]
    private static partial Regex NugetDirective();
}
