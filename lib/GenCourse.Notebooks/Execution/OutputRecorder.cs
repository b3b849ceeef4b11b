using GenCourse.Notebooks.Documents;
using Microsoft.CodeAnalysis;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Diagnostic = Microsoft.DotNet.Interactive.Diagnostic;

namespace GenCourse.Notebooks.Execution;

/// <summary>
/// Records the kernel's events as nbformat outputs of the running cell: console text as stream outputs, displays and the
/// return value as display outputs, and the error diagnostics for the failure report. An update replaces the output shown
/// under the same display id, in whichever cell that is; an update under an id that was never shown is appended as a new
/// output, which is what VS Code shows. Events that arrive while no cell runs (from an abandoned cell) are dropped.
/// </summary>
internal sealed class OutputRecorder : IDisposable
{
    readonly Lock gate = new();
    readonly Dictionary<string, DisplayOutput> displays = [];
    readonly List<Diagnostic> errors = [];
    readonly IDisposable subscription;
    NotebookCell? cell;

    public OutputRecorder(IObservable<KernelEvent> events) => subscription = events.Subscribe(Record);

    /// <summary>The error diagnostics reported while the current (or last) cell ran.</summary>
    public IReadOnlyList<Diagnostic> Errors
    {
        get { lock (gate) return errors.ToList(); }
    }

    /// <summary>Records the following events into <paramref name="running"/>.</summary>
    public void Start(NotebookCell running)
    {
        lock (gate)
        {
            cell = running;
            errors.Clear();
        }
    }

    /// <summary>Stops recording: later events belong to no cell.</summary>
    public void Stop()
    {
        lock (gate) cell = null;
    }

    public void Dispose() => subscription.Dispose();

    void Record(KernelEvent kernelEvent)
    {
        lock (gate)
        {
            if (cell is null) return;
            switch (kernelEvent)
            {
                case StandardOutputValueProduced stdout:
                    AppendStream("stdout", stdout.FormattedValues);
                    break;
                case StandardErrorValueProduced stderr:
                    AppendStream("stderr", stderr.FormattedValues);
                    break;
                case ReturnValueProduced result:
                    cell.Outputs.Add(new DisplayOutput(Bundle(result.FormattedValues), cell.ExecutionCount));
                    break;
                case DisplayedValueUpdated update when update.ValueId is { } id && displays.TryGetValue(id, out var shown):
                    shown.Replace(Bundle(update.FormattedValues));
                    break;
                case DisplayEvent display:
                    var shownNow = new DisplayOutput(Bundle(display.FormattedValues));
                    if (display.ValueId is { } valueId) displays[valueId] = shownNow;
                    cell.Outputs.Add(shownNow);
                    break;
                case DiagnosticsProduced diagnostics:
                    errors.AddRange(diagnostics.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
                    break;
            }
        }
    }

    void AppendStream(string name, IEnumerable<FormattedValue> values)
    {
        var text = string.Concat(values.Where(value => value.MimeType == PlainTextFormatter.MimeType).Select(value => value.Value));
        if (text.Length > 0) cell!.Outputs.AppendStream(name, text);
    }

    static OrderedDictionary<string, string> Bundle(IEnumerable<FormattedValue> values)
    {
        var bundle = new OrderedDictionary<string, string>();
        foreach (var value in values.Where(value => !value.SuppressDisplay)) bundle.TryAdd(value.MimeType, value.Value);
        return bundle;
    }
}
