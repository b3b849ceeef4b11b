using GenCourse.Notebooks.Documents;
using GenCourse.Notebooks.Formatting;

namespace GenCourse.Notebooks.Execution;

/// <summary>
/// The cell that is running on this logical thread. It flows (AsyncLocal) into tasks and threads the cell starts,
/// so their console writes and displays land in the right cell even while other notebooks run.
/// </summary>
internal sealed class CellContext(OutputList outputs, int executionCount)
{
    static readonly AsyncLocal<CellContext?> current = new();

    /// <summary>The running cell, or null outside cells.</summary>
    public static CellContext? Current
    {
        get => current.Value;
        set => current.Value = value;
    }

    /// <summary>The running cell; throws when output is shown outside a cell.</summary>
    public static CellContext Require() => Current ?? throw new InvalidOperationException(
        "display(...) was called outside a running notebook cell; the GenCourse runner shows output only while a cell runs.");

    public OutputList Outputs => outputs;

    public DisplayHandle Display(object? value, IReadOnlyList<string> mimeTypes)
    {
        var output = new DisplayOutput(ValueFormatter.Format(value, mimeTypes));
        outputs.Add(output);
        return new DisplayHandle(output, mimeTypes);
    }

    /// <summary>Shows the value of the cell's trailing expression (execute_result).</summary>
    public void ShowResult(object value) => outputs.Add(new DisplayOutput(ValueFormatter.Format(value, []), executionCount));
}
