using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace GenCourse.Benchmarks;

/// <summary>Timing helpers: warm-up, then the median of repeated runs.</summary>
public static class Measure
{
    /// <summary>
    /// Median wall time in seconds of <paramref name="runs"/> calls, after at least <paramref name="warmup"/> calls and
    /// <paramref name="warmupSeconds"/> of warm-up (as the PyTorch reference script does).
    /// </summary>
    public static double MedianSeconds(Action action, int runs = 10, int warmup = 3, double warmupSeconds = 0)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < warmup || clock.Elapsed.TotalSeconds < warmupSeconds; i++) action();
        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times[i] = sw.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return runs % 2 == 1 ? times[runs / 2] : 0.5 * (times[runs / 2 - 1] + times[runs / 2]);
    }

    /// <summary>Writes one JSON object per line to stdout.</summary>
    public static void Report(object record) =>
        Console.WriteLine(JsonSerializer.Serialize(record, new JsonSerializerOptions { NumberHandling = default }));

    public static double Round(double x, int digits = 3) => Math.Round(x, digits, MidpointRounding.AwayFromZero);

    static Measure() => CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
}
