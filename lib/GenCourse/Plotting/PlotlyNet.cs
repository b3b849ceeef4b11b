using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenCourse.Plotting;

/// <summary>
/// Converts between the kit's <see cref="Figure"/> and Plotly.NET's <c>GenericChart</c> through Plotly JSON, without a
/// compile-time reference to Plotly.NET (it needs FSharp.Core 10.1, which the kit does not force on its users). Load
/// Plotly.NET in the notebook first: <c>#r "nuget: Plotly.NET, 6.0.0"</c>. Animation frames are dropped on the way to
/// a GenericChart (it has none).
/// </summary>
public static class PlotlyNet
{
    const string AssemblyName = "Plotly.NET";

    sealed record Api(Type Chart, MethodInfo ToFigureJson, MethodInfo OfTraceObjects, MethodInfo SetLayout, MethodInfo SetConfig,
        Type Trace, Type Layout, Type Config, Type DynamicObj, MethodInfo SetProperty);

    /// <summary>The figure as a Plotly.NET GenericChart (cast it: <c>(GenericChart)PlotlyNet.ToGenericChart(figure)</c>).</summary>
    /// <exception cref="InvalidOperationException">Plotly.NET is not loaded.</exception>
    public static object ToGenericChart(Figure figure)
    {
        var api = Require();
        var json = JsonNode.Parse(figure.ToJson())!.AsObject();
        var traces = Array.CreateInstance(api.Trace, json["data"]!.AsArray().Count);
        int i = 0;
        foreach (var trace in json["data"]!.AsArray())
            traces.SetValue(Populate(api, Activator.CreateInstance(api.Trace, [trace!["type"]!.GetValue<string>()])!, trace.AsObject()), i++);
        var chart = api.OfTraceObjects.MakeGenericMethod(traces.GetType()).Invoke(null, [false, traces])!;
        chart = api.SetLayout.Invoke(null, [Populate(api, Activator.CreateInstance(api.Layout)!, json["layout"]!.AsObject()), chart])!;
        return api.SetConfig.Invoke(null, [Populate(api, Activator.CreateInstance(api.Config)!, json["config"]!.AsObject()), chart])!;
    }

    /// <summary>A Plotly.NET GenericChart as a kit figure.</summary>
    /// <exception cref="ArgumentException"><paramref name="chart"/> is not a GenericChart.</exception>
    public static Figure ToFigure(object chart)
    {
        var api = Require();
        if (!api.Chart.IsInstanceOfType(chart))
            throw new ArgumentException($"PlotlyNet.ToFigure: expects a Plotly.NET GenericChart, got {chart.GetType().FullName}", nameof(chart));
        return Figure.FromJson((string)api.ToFigureJson.Invoke(null, [chart])!);
    }

    /// <summary>True for a Plotly.NET GenericChart.</summary>
    internal static bool IsChart(object value) => value.GetType().Assembly.GetName().Name == AssemblyName && Find(value.GetType().Assembly).Chart.IsInstanceOfType(value);

    /// <summary>Calls <paramref name="action"/> with the GenericChart type once Plotly.NET is loaded (now, if it already is).</summary>
    internal static void WhenLoaded(Action<Type> action)
    {
        var loaded = false;
        void Offer(Assembly assembly)
        {
            if (loaded || assembly.GetName().Name != AssemblyName) return;
            loaded = true;
            action(Find(assembly).Chart);
        }
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) => Offer(e.LoadedAssembly);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies()) Offer(assembly);
    }

    /// <summary>Sets every JSON member as a dynamic property: Plotly.NET's objects serialize them back as they are.</summary>
    static object Populate(Api api, object target, JsonObject json)
    {
        foreach (var (name, value) in json) api.SetProperty.Invoke(target, [name, Value(api, value)]);
        return target;
    }

    static object? Value(Api api, JsonNode? node) => node switch
    {
        JsonObject child => Populate(api, Activator.CreateInstance(api.DynamicObj)!, child),
        JsonArray items => items.Select(item => Value(api, item)).ToArray(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.GetValue<double>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        },
        _ => null,
    };

    /// <summary>Plotly.NET as loaded, or loaded now: a cell that referenced the package but named none of its types has not loaded it yet.</summary>
    static Api Require()
    {
        var plotly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == AssemblyName);
        try
        {
            plotly ??= Assembly.Load(AssemblyName);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidOperationException("PlotlyNet: Plotly.NET is not loaded; in a notebook add a cell #r \"nuget: Plotly.NET, 6.0.0\" first", e);
        }
        return Find(plotly);
    }

    static Api Find(Assembly plotly)
    {
        var chart = plotly.GetType("Plotly.NET.GenericChart", throwOnError: true)!;
        var dynamicObj = plotly.GetType("Plotly.NET.Trace", throwOnError: true)!.BaseType!;
        while (dynamicObj.FullName != "DynamicObj.DynamicObj") dynamicObj = dynamicObj.BaseType!;
        var layout = plotly.GetType("Plotly.NET.Layout", throwOnError: true)!;
        var config = plotly.GetType("Plotly.NET.Config", throwOnError: true)!;
        return new Api(chart,
            chart.GetMethod("toFigureJson", [chart])!,
            chart.GetMethod("ofTraceObjects")!,
            chart.GetMethod("setLayout", [layout, chart])!,
            chart.GetMethod("setConfig", [config, chart])!,
            plotly.GetType("Plotly.NET.Trace", throwOnError: true)!, layout, config, dynamicObj,
            dynamicObj.GetMethod("SetProperty", [typeof(string), typeof(object)])!);
    }
}
