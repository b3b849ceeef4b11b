using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GenCourse.Benchmarks;

/// <summary>Timing helpers for one engine alone (conv-kernels), and the JSON line writer.</summary>
public static class Measure
{
    /// <summary>Median wall time in seconds of <paramref name="runs"/> calls, after <paramref name="warmup"/> calls.</summary>
    public static double MedianSeconds(Action action, int runs = 10, int warmup = 3)
    {
        for (int i = 0; i < warmup; i++) action();
        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times[i] = sw.Elapsed.TotalSeconds;
        }
        return Statistics.Median(times);
    }

    /// <summary>Writes one JSON object per line to stdout.</summary>
    public static void Report(object record) => Console.WriteLine(JsonSerializer.Serialize(record, JsonOptions));

    // Plain "+" and "'" in version strings and notes instead of \u002B escapes.
    static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static double Round(double x, int digits = 3) => Math.Round(x, digits, MidpointRounding.AwayFromZero);

    static Measure() => CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
}
