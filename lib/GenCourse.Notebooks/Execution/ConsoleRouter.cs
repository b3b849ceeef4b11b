using System.Text;

namespace GenCourse.Notebooks.Execution;

/// <summary>
/// Replaces Console.Out/Console.Error: text written while a cell runs becomes that cell's stream output;
/// anything else goes to the real console.
/// </summary>
internal sealed class ConsoleRouter(string streamName, TextWriter console) : TextWriter
{
    static readonly Lock Gate = new();
    static bool installed;

    /// <summary>Routes Console.Out and Console.Error through the running cell (idempotent).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (installed) return;
            Console.SetOut(new ConsoleRouter("stdout", Console.Out));
            Console.SetError(new ConsoleRouter("stderr", Console.Error));
            installed = true;
        }
    }

    public override Encoding Encoding => console.Encoding;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => Write(value + NewLine);

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (CellContext.Current is { } cell) cell.Outputs.AppendStream(streamName, value);
        else console.Write(value);
    }

    public override void Flush() => console.Flush();
}
