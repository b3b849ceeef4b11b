using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenCourse.Plotting;

/// <summary>
/// A Plotly figure (data, layout, config, optional animation frames) built in C# and rendered by plotly.js:
/// <c>new Figure(Plot.Scatter(x)).WithTitle("Samples").WithEqualAspect()</c>. In a notebook it displays as an
/// interactive plot; <see cref="ToJson"/> gives the figure for any Plotly front end.
/// </summary>
[TypeFormatterSource(typeof(RenderableFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class Figure : IRenderable
{
    readonly List<Trace> traces = new();
    readonly List<(string name, Trace[] traces)> frames = new();
    readonly JsonObject layout;
    readonly JsonObject config;

    public Figure(params Trace[] traces)
        : this(new JsonObject { ["template"] = "plotly_white", ["margin"] = new JsonObject { ["t"] = 50, ["r"] = 20, ["b"] = 50, ["l"] = 60 } }, DefaultConfig()) =>
        this.traces.AddRange(traces);

    Figure(JsonObject layout, JsonObject config)
    {
        this.layout = layout;
        this.config = config;
    }

    static JsonObject DefaultConfig() => new() { ["responsive"] = true, ["displaylogo"] = false };

    /// <summary>
    /// A figure from Plotly JSON <c>{"data": [...], "layout": {...}, "config": {...}, "frames": [...]}</c>, as written by
    /// <see cref="ToJson"/>, plotly.js or Plotly.NET (<c>GenericChart.toFigureJson</c>); only "data" is required.
    /// </summary>
    /// <exception cref="ArgumentException">The text is not such JSON; the message says what is wrong.</exception>
    public static Figure FromJson(string json)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("Figure.FromJson: the JSON is not an object", nameof(json));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Figure.FromJson: not valid JSON ({e.Message})", nameof(json), e);
        }
        var figure = new Figure(Member(root, "layout") ?? new JsonObject(), Member(root, "config") ?? DefaultConfig());
        figure.traces.AddRange(TracesOf(root["data"], "data"));
        foreach (var frame in root["frames"] as JsonArray ?? [])
            figure.frames.Add((frame?["name"]?.ToString() ?? "", TracesOf(frame?["data"], "frames[].data")));
        return figure;
    }

    static JsonObject? Member(JsonObject root, string name) => root[name] switch
    {
        null => null,
        JsonObject member => (JsonObject)member.DeepClone(),
        var other => throw new ArgumentException($"Figure.FromJson: \"{name}\" must be an object, got {other.GetValueKind()}", "json"),
    };

    static Trace[] TracesOf(JsonNode? data, string what) => data is JsonArray array && array.All(t => t is JsonObject)
        ? array.Select(t => Trace.FromJson((JsonObject)t!.DeepClone())).ToArray()
        : throw new ArgumentException($"Figure.FromJson: \"{what}\" must be an array of trace objects, got {data?.GetValueKind().ToString() ?? "nothing"}", "json");

    public IReadOnlyList<Trace> Traces => traces;

    public Figure Add(params Trace[] more)
    {
        traces.AddRange(more);
        return this;
    }

    /// <summary>Sets any layout attribute by its Plotly path ("xaxis.range", "legend.orientation").</summary>
    public Figure SetLayout(string path, object? value)
    {
        Plotly.SetPath(layout, path, value);
        return this;
    }

    public Figure WithTitle(string title) => SetLayout("title.text", title);

    public Figure WithXLabel(string label, string axis = "xaxis") => SetLayout(axis + ".title.text", label);

    public Figure WithYLabel(string label, string axis = "yaxis") => SetLayout(axis + ".title.text", label);

    public Figure WithSize(int width, int height) => SetLayout("width", width).SetLayout("height", height);

    public Figure WithXRange(double lo, double hi, string axis = "xaxis") => SetLayout(axis + ".range", new[] { lo, hi });

    public Figure WithYRange(double lo, double hi, string axis = "yaxis") => SetLayout(axis + ".range", new[] { lo, hi });

    public Figure WithLogY(string axis = "yaxis") => SetLayout(axis + ".type", "log");

    public Figure WithLogX(string axis = "xaxis") => SetLayout(axis + ".type", "log");

    /// <summary>One unit on x is as long as one unit on y (for 2-D data and densities).</summary>
    public Figure WithEqualAspect(string xaxis = "xaxis", string yaxis = "yaxis") =>
        SetLayout(yaxis + ".scaleanchor", xaxis[..1] + xaxis[5..]).SetLayout(yaxis + ".scaleratio", 1);

    /// <summary>Adds an animation frame (same trace count as the figure); frames play with a slider and a play button.</summary>
    public Figure AddFrame(string name, params Trace[] frameTraces)
    {
        frames.Add((name, frameTraces));
        return this;
    }

    /// <summary>
    /// Figures side by side in a rows x cols grid (row-major), each keeping its traces, titles and axis labels;
    /// <paramref name="sharedX"/>/<paramref name="sharedY"/> link the axes.
    /// </summary>
    public static Figure Grid(int rows, int cols, IReadOnlyList<Figure> figures, bool sharedX = false, bool sharedY = false, double gap = 0.08)
    {
        if (figures.Count > rows * cols)
            throw new ArgumentException($"Figure.Grid: {figures.Count} figures do not fit a {rows}x{cols} grid");
        var grid = new Figure();
        double w = (1 - gap * (cols - 1)) / cols, h = (1 - gap * (rows - 1)) / rows;
        var annotations = new JsonArray();
        for (int i = 0; i < figures.Count; i++)
        {
            int r = i / cols, c = i % cols, k = i + 1;
            string xa = k == 1 ? "x" : "x" + k, ya = k == 1 ? "y" : "y" + k;
            string xl = k == 1 ? "xaxis" : "xaxis" + k, yl = k == 1 ? "yaxis" : "yaxis" + k;
            foreach (var t in figures[i].traces) grid.traces.Add(t.Clone().OnAxes(xa, ya));
            double x0 = c * (w + gap), y1 = 1 - r * (h + gap);
            var xAxis = figures[i].layout["xaxis"]?.DeepClone().AsObject() ?? new JsonObject();
            var yAxis = figures[i].layout["yaxis"]?.DeepClone().AsObject() ?? new JsonObject();
            xAxis["domain"] = new JsonArray(x0, x0 + w);
            xAxis["anchor"] = ya;
            yAxis["domain"] = new JsonArray(y1 - h, y1);
            yAxis["anchor"] = xa;
            if (yAxis["scaleanchor"] != null) yAxis["scaleanchor"] = xa;
            if (sharedX && k > 1) xAxis["matches"] = "x";
            if (sharedY && k > 1) yAxis["matches"] = "y";
            grid.layout[xl] = xAxis;
            grid.layout[yl] = yAxis;
            if (figures[i].layout["title"]?["text"]?.GetValue<string>() is string title)
                annotations.Add(new JsonObject
                {
                    ["text"] = title, ["x"] = x0 + w / 2, ["y"] = y1, ["xref"] = "paper", ["yref"] = "paper",
                    ["xanchor"] = "center", ["yanchor"] = "bottom", ["showarrow"] = false,
                });
        }
        grid.layout["annotations"] = annotations;
        grid.layout["showlegend"] = figures.Any(f => f.traces.Count > 1);
        return grid;
    }

    /// <summary>The figure as Plotly JSON: {"data": [...], "layout": {...}, "config": {...}, "frames": [...]}.</summary>
    public string ToJson() => Build().ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    JsonObject Build()
    {
        var fig = new JsonObject
        {
            ["data"] = new JsonArray(traces.Select(t => (JsonNode?)t.Json.DeepClone()).ToArray()),
            ["layout"] = layout.DeepClone(),
            ["config"] = config.DeepClone(),
        };
        if (frames.Count > 0)
        {
            fig["frames"] = new JsonArray(frames.Select(f => (JsonNode?)new JsonObject
            {
                ["name"] = f.name,
                ["data"] = new JsonArray(f.traces.Select(t => (JsonNode?)t.Json.DeepClone()).ToArray()),
            }).ToArray());
            AddAnimationControls(fig["layout"]!.AsObject());
        }
        return fig;
    }

    void AddAnimationControls(JsonObject l)
    {
        JsonObject Animate(JsonNode? target, int duration) => new()
        {
            ["method"] = "animate",
            ["args"] = new JsonArray(target, new JsonObject
            {
                ["mode"] = "immediate", ["fromcurrent"] = true,
                ["frame"] = new JsonObject { ["duration"] = duration, ["redraw"] = true },
                ["transition"] = new JsonObject { ["duration"] = 0 },
            }),
        };
        var play = Animate(null, 400);
        play["label"] = "Play";
        var pause = Animate(new JsonArray((JsonNode?)null), 0);
        pause["label"] = "Pause";
        l["updatemenus"] = new JsonArray(new JsonObject
        {
            ["type"] = "buttons", ["showactive"] = false, ["x"] = 0, ["y"] = -0.12, ["xanchor"] = "left", ["yanchor"] = "top",
            ["direction"] = "left", ["buttons"] = new JsonArray(play, pause),
        });
        var steps = new JsonArray();
        foreach (var (name, _) in frames)
        {
            var step = Animate(new JsonArray(name), 0);
            step["label"] = name;
            steps.Add(step);
        }
        l["sliders"] = new JsonArray(new JsonObject { ["x"] = 0.12, ["y"] = -0.08, ["len"] = 0.88, ["steps"] = steps });
    }

    /// <summary>
    /// HTML that draws the figure: a div and a script that uses the page's Plotly when present (the course site
    /// bundles plotly.js), else loads it through RequireJS or a script tag from the CDN (VS Code notebooks).
    /// </summary>
    public string ToHtml()
    {
        string id = "gencourse-plot-" + Guid.NewGuid().ToString("N")[..12];
        string height = layout["height"] is JsonNode hn ? hn.ToJsonString() : "450";
        return $$"""
            <div id="{{id}}" class="gencourse-plot" style="width:100%;height:{{height}}px;"></div>
            <script type="text/javascript">
            (function () {
              var fig = {{ToJson()}};
              var draw = function (P) { P.newPlot('{{id}}', fig); };
              if (typeof window.Plotly !== 'undefined') { draw(window.Plotly); return; }
              if (typeof window.requirejs !== 'undefined') {
                window.requirejs.config({ context: 'gencourse', paths: { plotly: '{{Plotly.CdnUrl}}' } })(['plotly'], draw);
                return;
              }
              var s = document.createElement('script');
              s.src = '{{Plotly.CdnUrl}}.js';
              s.onload = function () { draw(window.Plotly); };
              document.head.appendChild(s);
            })();
            </script>
            """;
    }

    public string ToPlainText() =>
        $"Figure({traces.Count} trace(s){(layout["title"]?["text"] is JsonNode t ? ", title: " + t.GetValue<string>() : "")}{(frames.Count > 0 ? $", {frames.Count} frames" : "")})";

    public override string ToString() => ToPlainText();
}
