using System.Diagnostics;

namespace GenCourse.Benchmarks;

/// <summary>Where a step's time goes: the step reports the end of each of its phases, the clock keeps the seconds.</summary>
public sealed class PhaseClock(int phases)
{
    readonly List<double>[] seconds = Enumerable.Range(0, phases).Select(_ => new List<double>()).ToArray();
    readonly Stopwatch clock = new();

    /// <summary>Forgets the phases timed so far (warm-up steps).</summary>
    public void Clear()
    {
        foreach (var list in seconds) list.Clear();
    }

    /// <summary>Starts timing the first phase of the next step.</summary>
    public void Start() => clock.Restart();

    /// <summary>Phase <paramref name="phase"/> has ended; the next one starts now.</summary>
    public void Done(int phase)
    {
        seconds[phase].Add(clock.Elapsed.TotalSeconds);
        clock.Restart();
    }

    public double MedianSeconds(int phase) => Statistics.Median(seconds[phase]);
}
