using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace GenCourse.Plotting;

/// <summary>
/// Named scalars recorded per step during training (loss, ELBO, KL, ...). <see cref="Show"/> displays a live plot
/// that <see cref="Log"/> refreshes (at most every <see cref="RefreshSeconds"/>); <see cref="Plot"/> gives the figure.
/// </summary>
[TypeFormatterSource(typeof(RenderableFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class TrainingHistory(string title = "Training") : IRenderable
{
    readonly Dictionary<string, List<(double step, double value)>> series = new();
    readonly Stopwatch clock = Stopwatch.StartNew();
    DisplayHandle? handle;
    double lastRefresh = double.NegativeInfinity;

    public string Title { get; } = title;

    public double RefreshSeconds { get; set; } = 2;

    public IReadOnlyList<string> Names => series.Keys.ToList();

    public IReadOnlyList<(double step, double value)> this[string name] =>
        series.TryGetValue(name, out var s) ? s : throw new KeyNotFoundException($"TrainingHistory: nothing logged as \"{name}\" (have: {string.Join(", ", series.Keys)})");

    /// <summary>The most recent value of a series.</summary>
    public double Last(string name) => this[name][^1].value;

    /// <summary>Records values at a step (tensors are read with item()).</summary>
    public TrainingHistory Log(double step, params (string name, object value)[] values)
    {
        foreach (var (name, value) in values)
        {
            double v = value switch
            {
                Tensor t => t.detach().ToDouble(),
                _ when ForeignTensor.Is(value) => throw ForeignTensor.Error("TrainingHistory.Log", value),
                IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
                _ => throw new ArgumentException($"TrainingHistory.Log: \"{name}\" has a value of type {value.GetType().Name}, expected a number or a one-element tensor"),
            };
            if (!series.TryGetValue(name, out var list)) series[name] = list = new();
            list.Add((step, v));
        }
        if (handle != null && clock.Elapsed.TotalSeconds - lastRefresh >= RefreshSeconds) Refresh();
        return this;
    }

    /// <summary>Displays the live plot; later Log calls update it in place.</summary>
    public TrainingHistory Show()
    {
        handle = Notebook.Display(this);
        lastRefresh = clock.Elapsed.TotalSeconds;
        return this;
    }

    /// <summary>Redraws the displayed plot now (call after the last step).</summary>
    public void Refresh()
    {
        lastRefresh = clock.Elapsed.TotalSeconds;
        handle?.Update(this);
    }

    /// <summary>A line per series; with <paramref name="separate"/>, one subplot per series; optional moving-average smoothing.</summary>
    public Figure Plot(bool separate = false, int smooth = 1, string xLabel = "step")
    {
        var figures = series.Select(kv =>
        {
            var steps = kv.Value.Select(p => p.step).ToArray();
            var values = Smooth(kv.Value.Select(p => p.value).ToArray(), smooth);
            return new Figure(Plotting.Plot.Line(steps, values, kv.Key)).WithTitle(kv.Key).WithXLabel(xLabel);
        }).ToList();
        if (figures.Count == 0) return new Figure().WithTitle(Title + " (nothing logged yet)");
        if (separate) return Figure.Grid((figures.Count + 1) / 2, Math.Min(2, figures.Count), figures).WithTitle(Title);
        return new Figure(figures.SelectMany(f => f.Traces).ToArray()).WithTitle(Title).WithXLabel(xLabel);
    }

    static double[] Smooth(double[] v, int window)
    {
        if (window <= 1) return v;
        var r = new double[v.Length];
        double acc = 0;
        for (int i = 0; i < v.Length; i++)
        {
            acc += v[i];
            if (i >= window) acc -= v[i - window];
            r[i] = acc / Math.Min(i + 1, window);
        }
        return r;
    }

    public string ToHtml()
    {
        var summary = new StringBuilder("<div style=\"font-family:monospace;font-size:12px\">");
        foreach (var (name, s) in series)
            summary.Append($"{WebUtility.HtmlEncode(name)} = {s[^1].value.ToString("G5", CultureInfo.InvariantCulture)} &nbsp; ");
        summary.Append($"({clock.Elapsed.TotalSeconds:F0} s)</div>");
        return Plot(separate: series.Count > 2).ToHtml() + summary;
    }

    public string ToPlainText() =>
        $"{Title}: " + string.Join(", ", series.Select(kv => $"{kv.Key}={kv.Value[^1].value.ToString("G5", CultureInfo.InvariantCulture)} (step {kv.Value[^1].step})"));

    public override string ToString() => ToPlainText();
}
