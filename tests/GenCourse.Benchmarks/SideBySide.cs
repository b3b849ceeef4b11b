using System.Diagnostics;
using System.Text.Json.Nodes;

namespace GenCourse.Benchmarks;

/// <summary>
/// How a step is timed on both engines: warm-up of each, then <see cref="Rounds"/> rounds of ours, theirs. In a round
/// each engine takes <see cref="Samples"/> samples of <c>repeats</c> calls (the same for both, chosen so a sample lasts
/// about <see cref="SampleSeconds"/>); the round's figure is the median sample.
/// </summary>
public sealed record Schedule(int Rounds = 5, int Samples = 5, double WarmupSeconds = 1, int WarmupCalls = 3, double SampleSeconds = 0.02)
{
    /// <summary>This schedule with <c>--rounds N</c> from the command line.</summary>
    public Schedule With(Options options) => this with { Rounds = options.Int("rounds", Rounds) };
}

/// <summary>One engine's seconds per call, one figure per round.</summary>
public sealed record RoundTimes(double[] Seconds)
{
    public double Median => Statistics.Median(Seconds);
}

/// <summary>The same computation on both engines, interleaved in one process, reported as one JSON line with the ratio.</summary>
public static class SideBySide
{
    public static (RoundTimes ours, RoundTimes theirs) Time(Action ours, Action theirs, Schedule schedule)
    {
        Machine.Prepare();
        double oursPerCall = WarmUp(ours, schedule), theirsPerCall = WarmUp(theirs, schedule);
        int repeats = Math.Max(1, (int)(schedule.SampleSeconds / Math.Min(oursPerCall, theirsPerCall)));
        var (oursRounds, theirsRounds) = (new double[schedule.Rounds], new double[schedule.Rounds]);
        for (int r = 0; r < schedule.Rounds; r++)
        {
            oursRounds[r] = Round(ours, repeats, schedule.Samples);
            theirsRounds[r] = Round(theirs, repeats, schedule.Samples);
            Console.Error.WriteLine($"  round {r + 1}/{schedule.Rounds}: ours {oursRounds[r] * 1e3:F3} ms, theirs {theirsRounds[r] * 1e3:F3} ms per call");
        }
        return (new RoundTimes(oursRounds), new RoundTimes(theirsRounds));
    }

    /// <summary>
    /// Writes one JSON line: <paramref name="fields"/> (workload, case, shape...), then per engine the median, min and
    /// max over the rounds in the workload's unit and the median milliseconds per call, the ratio ours/theirs in that
    /// unit with what it means, and <see cref="Machine.Fields"/>. With <paramref name="flopsPerCall"/> the unit is
    /// GFLOP/s (higher is faster), else <paramref name="timeUnit"/> ("ms" or "s" per call; lower is faster).
    /// </summary>
    public static void Report(JsonObject fields, RoundTimes ours, RoundTimes theirs, double flopsPerCall = 0, string timeUnit = "ms")
    {
        bool throughput = flopsPerCall > 0;
        double scale = timeUnit == "s" ? 1 : 1e3;
        string unit = throughput ? "gflops" : timeUnit;
        int digits = throughput ? 1 : timeUnit == "s" ? 4 : 3;
        double[] InUnit(RoundTimes t) => t.Seconds.Select(s => throughput ? flopsPerCall / s / 1e9 : s * scale).ToArray();
        JsonObject Engine(RoundTimes t)
        {
            var values = InUnit(t);
            var figures = new JsonObject
            {
                ["median"] = Measure.Round(Statistics.Median(values), digits),
                ["min"] = Measure.Round(values.Min(), digits),
                ["max"] = Measure.Round(values.Max(), digits),
            };
            if (throughput) figures["ms"] = Measure.Round(t.Median * 1e3, 4);
            return figures;
        }
        fields["unit"] = unit;
        fields["rounds"] = ours.Seconds.Length;
        fields["ours"] = Engine(ours);
        fields["theirs"] = Engine(theirs);
        fields["ratio"] = Measure.Round(Statistics.Median(InUnit(ours)) / Statistics.Median(InUnit(theirs)), 3);
        fields["ratio_is"] = throughput
            ? "ours/theirs GFLOP/s: above 1 means GenCourse is faster"
            : $"ours/theirs {timeUnit} per call: below 1 means GenCourse is faster";
        foreach (var (name, value) in Machine.Fields()) fields[name] = value?.DeepClone();
        Measure.Report(fields);
    }

    // Warm-up: at least WarmupCalls calls and WarmupSeconds; returns the last call's seconds.
    static double WarmUp(Action step, Schedule schedule)
    {
        var clock = Stopwatch.StartNew();
        double last = 0;
        for (int i = 0; i < schedule.WarmupCalls || clock.Elapsed.TotalSeconds < schedule.WarmupSeconds; i++)
        {
            var call = Stopwatch.StartNew();
            step();
            last = call.Elapsed.TotalSeconds;
        }
        return last;
    }

    // One engine's turn: a full collection first, so that neither engine pays for the other's garbage.
    static double Round(Action step, int repeats, int samples)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var times = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < repeats; i++) step();
            times[s] = clock.Elapsed.TotalSeconds / repeats;
        }
        return Statistics.Median(times);
    }
}
