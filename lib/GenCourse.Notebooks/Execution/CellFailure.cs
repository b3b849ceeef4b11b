namespace GenCourse.Notebooks.Execution;

/// <summary>Where and why a notebook stopped.</summary>
/// <param name="CellIndex">1-based index of the failing cell among all cells (markdown included).</param>
/// <param name="CodeCell">1-based index of the failing cell among the executed C# cells.</param>
/// <param name="Line">Line within the cell (from the compile diagnostic or the script's stack frame); null when unknown.</param>
/// <param name="ExceptionType">Exception type name, e.g. "DivideByZeroException", "CompilationErrorException", "TimeoutException".</param>
/// <param name="Message">The exception message; for compile errors every diagnostic, one per line.</param>
public sealed record CellFailure(int CellIndex, int CodeCell, int? Line, string ExceptionType, string Message)
{
    /// <summary>
    /// The report line for the console: <c>FAILED &lt;path&gt; cell &lt;i&gt; (line &lt;n&gt;): &lt;Type&gt;: &lt;message&gt; [code cell k]</c>,
    /// further message lines indented below it.
    /// </summary>
    public string Report(string notebookPath)
    {
        var lines = Message.ReplaceLineEndings("\n").Split('\n');
        var head = $"FAILED {notebookPath} cell {CellIndex} (line {Line?.ToString() ?? "?"}): {ExceptionType}: {lines[0]} [code cell {CodeCell}]";
        return string.Join(Environment.NewLine, lines.Skip(1).Select(line => "    " + line).Prepend(head));
    }
}
