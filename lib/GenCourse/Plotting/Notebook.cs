namespace GenCourse.Plotting;

/// <summary>
/// Shows values in the notebook that runs this code, from library code as well as from cells: in a .NET Interactive
/// kernel (VS Code Polyglot, <c>gencourse run</c>), through a host's display hook, or on the console elsewhere. The
/// returned handle updates that output in place.
/// </summary>
public static class Notebook
{
    /// <summary>AppDomain data name under which a host that is not .NET Interactive may register
    /// Func&lt;object?, string?, object&gt; (value, MIME type or null) -> handle with a public Update(object).</summary>
    public const string DisplayHook = "GenCourse.Notebook.Display";

    /// <summary>Displays <paramref name="value"/> and returns a handle whose Update replaces it.</summary>
    public static DisplayHandle Display(object? value, string? mimeType = null)
    {
        if (AppDomain.CurrentDomain.GetData(DisplayHook) is Func<object?, string?, object> hook)
        {
            var inner = hook(value, mimeType);
            var update = inner.GetType().GetMethod("Update", [typeof(object)])
                ?? throw new InvalidOperationException($"the display handle {inner.GetType().FullName} has no Update(object) method");
            return new DisplayHandle(next => update.Invoke(inner, [next]));
        }
        string[] mimeTypes = mimeType is null ? [] : [mimeType];
        return InteractiveKernel.Display(value, mimeTypes) ?? new DisplayHandle(WriteLine).Shown(value);
    }

    /// <summary>
    /// How the kit shows <paramref name="value"/> as <paramref name="mimeType"/> ("text/html" or "text/plain"): its own
    /// types (figures, tables, image grids, training histories) through their formats, a DataFrame as a table, a Plotly.NET
    /// chart as a figure; null for anything else. For hosts that are not .NET Interactive, such as an exported app.
    /// </summary>
    public static string? Format(object? value, string mimeType) => (value, mimeType) switch
    {
        (IRenderable renderable, "text/html") => renderable.ToHtml(),
        (IRenderable renderable, "text/plain") => renderable.ToPlainText(),
        (Microsoft.Data.Analysis.DataFrame frame, "text/html") => DataFrames.ToHtml(frame),
        (Microsoft.Data.Analysis.DataFrame frame, "text/plain") => DataFrames.ToPlainText(frame),
        (not null, "text/html" or "text/plain") when PlotlyNet.IsChart(value) => Format(PlotlyNet.ToFigure(value), mimeType),
        _ => null,
    };

    /// <summary>True when a notebook front end (a host's hook or a running .NET Interactive cell) is present, so output can update in place.</summary>
    public static bool IsInteractive =>
        AppDomain.CurrentDomain.GetData(DisplayHook) is Func<object?, string?, object> || InteractiveKernel.IsRunning;

    static void WriteLine(object? value) => Console.WriteLine(value is IRenderable r ? r.ToPlainText() : value?.ToString());
}

/// <summary>A displayed output that can be replaced in place (progress, live training curves).</summary>
public sealed class DisplayHandle
{
    readonly Action<object?> update;

    internal DisplayHandle(Action<object?> update) => this.update = update;

    /// <summary>Replaces the displayed value with <paramref name="value"/>.</summary>
    public void Update(object? value) => update(value);

    internal DisplayHandle Shown(object? value)
    {
        update(value);
        return this;
    }
}
