using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace GenCourse.Notebooks.Execution;

/// <summary>A cell's error as the notebook shows it, plus the line within the cell where it happened.</summary>
/// <param name="Name">Exception type name.</param>
/// <param name="Message">Exception message, or all compile diagnostics one per line.</param>
/// <param name="Traceback">Diagnostics, or the exception with its stack trace (the runner's own frames removed).</param>
/// <param name="Line">1-based line within the cell, or null when unknown.</param>
internal sealed record CellError(string Name, string Message, IReadOnlyList<string> Traceback, int? Line)
{
    public static CellError FromException(Exception exception, string cellPath)
    {
        var error = Unwrap(exception);
        if (error is CompilationErrorException compile) return FromDiagnostics(compile.Diagnostics, cellPath);
        var traceback = error.ToString().ReplaceLineEndings("\n").Split('\n').Where(line => !IsRunnerFrame(line)).ToList();
        var frame = new StackTrace(error, fNeedFileInfo: true).GetFrames().FirstOrDefault(f => f.GetFileName() == cellPath);
        return new(error.GetType().Name, error.Message, traceback, frame?.GetFileLineNumber());
    }

    public static CellError Timeout(string cellPath, TimeSpan limit)
    {
        var message = $"{Path.GetFileName(cellPath)} did not finish within {limit.TotalSeconds:0.###} s; " +
            "the runner abandoned it and stopped this notebook (raise the limit with --timeout SECONDS).";
        return new(nameof(TimeoutException), message, [$"{nameof(TimeoutException)}: {message}"], null);
    }

    static CellError FromDiagnostics(IEnumerable<Diagnostic> diagnostics, string cellPath)
    {
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var lines = errors.Select(d => Describe(d, cellPath)).ToList();
        var inCell = errors.FirstOrDefault(d => d.Location.SourceTree?.FilePath == cellPath) ?? errors.FirstOrDefault();
        int? line = inCell is null ? null : inCell.Location.GetLineSpan().StartLinePosition.Line + 1;
        return new(nameof(CompilationErrorException), string.Join("\n", lines), lines, line);
    }

    /// <summary>"(line,col): error CSxxxx: message" for the cell itself; a #load'ed file is named in front.</summary>
    static string Describe(Diagnostic diagnostic, string cellPath)
    {
        var span = diagnostic.Location.GetLineSpan();
        var position = $"({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})";
        var file = diagnostic.Location.SourceTree?.FilePath;
        var where = file is null || file == cellPath ? position : file + position;
        return $"{where}: error {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}";
    }

    static Exception Unwrap(Exception error) => error switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        _ => error,
    };

    static bool IsRunnerFrame(string line)
    {
        var text = line.TrimStart();
        return text.StartsWith("at Microsoft.CodeAnalysis.Scripting.", StringComparison.Ordinal)
            || text.StartsWith("at GenCourse.Notebooks.", StringComparison.Ordinal)
            || text.StartsWith("--- End of stack trace from previous location", StringComparison.Ordinal);
    }
}
