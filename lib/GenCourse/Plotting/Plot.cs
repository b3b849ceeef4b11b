namespace GenCourse.Plotting;

/// <summary>Trace constructors, e.g. <c>Plot.Scatter(points)</c>, <c>Plot.Line(xs, ys)</c>, <c>Plot.Contour(z, xs, ys)</c>.</summary>
public static class Plot
{
    static Trace Xy(string type, string? mode, object x, object y, string? name)
    {
        var t = new Trace(type).Set("x", x).Set("y", y);
        if (mode != null) t.Set("mode", mode);
        return name is null ? t : t.Name(name);
    }

    /// <summary>Markers at (x, y).</summary>
    public static Trace Scatter(IEnumerable<double> x, IEnumerable<double> y, string? name = null, double size = 4, double opacity = 1) =>
        Xy("scatter", "markers", x.ToArray(), y.ToArray(), name).Set("marker.size", size).Set("opacity", opacity);

    /// <summary>Markers for the rows of an [N, 2] tensor.</summary>
    public static Trace Scatter(Tensor points, string? name = null, double size = 4, double opacity = 1)
    {
        var (x, y) = Plotly.Columns(points);
        return Scatter(x, y, name, size, opacity);
    }

    /// <summary>Markers at (x, y) given as 1-D tensors.</summary>
    public static Trace Scatter(Tensor x, Tensor y, string? name = null, double size = 4, double opacity = 1) =>
        Scatter(Plotly.Values(x, "x"), Plotly.Values(y, "y"), name, size, opacity);

    /// <summary>One marker trace per class, for latent spaces coloured by label (labels int64 [N], points [N, 2]).</summary>
    public static Trace[] ScatterByClass(Tensor points, Tensor labels, IReadOnlyList<string>? classNames = null, double size = 3, double opacity = 0.7)
    {
        var (x, y) = Plotly.Columns(points);
        var l = labels.ToLongs();
        if (l.Length != x.Length) throw new ArgumentException($"ScatterByClass: {l.Length} labels for {x.Length} points");
        return l.Distinct().Order().Select(c =>
        {
            var idx = Enumerable.Range(0, l.Length).Where(i => l[i] == c).ToArray();
            string name = classNames != null && c >= 0 && c < classNames.Count ? classNames[(int)c] : c.ToString();
            return Scatter(idx.Select(i => x[i]), idx.Select(i => y[i]), name, size, opacity);
        }).ToArray();
    }

    /// <summary>A line through (x, y).</summary>
    public static Trace Line(IEnumerable<double> x, IEnumerable<double> y, string? name = null, string? dash = null)
    {
        var t = Xy("scatter", "lines", x.ToArray(), y.ToArray(), name);
        return dash is null ? t : t.Set("line.dash", dash);
    }

    public static Trace Line(Tensor x, Tensor y, string? name = null, string? dash = null) =>
        Line(Plotly.Values(x, "x"), Plotly.Values(y, "y"), name, dash);

    /// <summary>A line through y against 0, 1, 2, ...</summary>
    public static Trace Line(IEnumerable<double> y, string? name = null)
    {
        var ys = y.ToArray();
        return Line(Enumerable.Range(0, ys.Length).Select(i => (double)i), ys, name);
    }

    /// <summary>Histogram of values (Plotly bins them; <paramref name="density"/> normalises to a probability density).</summary>
    public static Trace Histogram(IEnumerable<double> values, int? bins = null, string? name = null, bool density = false, double opacity = 1)
    {
        var t = new Trace("histogram").Set("x", values.ToArray()).Set("opacity", opacity);
        if (bins is int b) t.Set("nbinsx", b);
        if (density) t.Set("histnorm", "probability density");
        return name is null ? t : t.Name(name);
    }

    public static Trace Histogram(Tensor values, int? bins = null, string? name = null, bool density = false, double opacity = 1) =>
        Histogram(Plotly.Values(values, "values"), bins, name, density, opacity);

    public static Trace Bar(IEnumerable<string> categories, IEnumerable<double> values, string? name = null) =>
        Xy("bar", null, categories.ToArray(), values.ToArray(), name);

    /// <summary>A matrix z [rows, cols] as colours; x labels columns, y labels rows.</summary>
    public static Trace Heatmap(Tensor z, IEnumerable<double>? x = null, IEnumerable<double>? y = null, string colorscale = "Viridis")
    {
        var t = new Trace("heatmap").Set("z", z).Set("colorscale", colorscale);
        if (x != null) t.Set("x", x.ToArray());
        if (y != null) t.Set("y", y.ToArray());
        return t;
    }

    /// <summary>Contour lines of z [rows, cols] over the grid x (columns) by y (rows), e.g. a 2-D density.</summary>
    public static Trace Contour(Tensor z, IEnumerable<double> x, IEnumerable<double> y, string colorscale = "Viridis", bool filled = true, int? levels = null)
    {
        var t = new Trace("contour").Set("z", z).Set("x", x.ToArray()).Set("y", y.ToArray()).Set("colorscale", colorscale);
        if (!filled) t.Set("contours.coloring", "lines");
        if (levels is int n) t.Set("ncontours", n);
        return t;
    }

    public static Trace Contour(Tensor z, Tensor x, Tensor y, string colorscale = "Viridis", bool filled = true, int? levels = null) =>
        Contour(z, Plotly.Values(x, "x"), Plotly.Values(y, "y"), colorscale, filled, levels);

    /// <summary>A 3-D surface z [rows, cols] over the grid.</summary>
    public static Trace Surface(Tensor z, IEnumerable<double>? x = null, IEnumerable<double>? y = null, string colorscale = "Viridis")
    {
        var t = new Trace("surface").Set("z", z).Set("colorscale", colorscale);
        if (x != null) t.Set("x", x.ToArray());
        if (y != null) t.Set("y", y.ToArray());
        return t;
    }

    public static Trace Box(IEnumerable<double> values, string? name = null) =>
        new Trace("box").Set("y", values.ToArray()).Name(name ?? "");

    public static Trace Violin(IEnumerable<double> values, string? name = null) =>
        new Trace("violin").Set("y", values.ToArray()).Set("box.visible", true).Name(name ?? "");

    // Exact double[] overloads: TorchSharp converts double[] to Tensor implicitly, so without them an array argument
    // would match both the IEnumerable<double> and the Tensor overload and not compile on that engine.
    public static Trace Scatter(double[] x, double[] y, string? name = null, double size = 4, double opacity = 1) =>
        Scatter((IEnumerable<double>)x, y, name, size, opacity);

    public static Trace Line(double[] x, double[] y, string? name = null, string? dash = null) => Line((IEnumerable<double>)x, y, name, dash);

    public static Trace Histogram(double[] values, int? bins = null, string? name = null, bool density = false, double opacity = 1) =>
        Histogram((IEnumerable<double>)values, bins, name, density, opacity);

    public static Trace Contour(Tensor z, double[] x, double[] y, string colorscale = "Viridis", bool filled = true, int? levels = null) =>
        Contour(z, (IEnumerable<double>)x, y, colorscale, filled, levels);
}
