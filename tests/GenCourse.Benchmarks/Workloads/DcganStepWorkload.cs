extern alias EmbeddedSteps;
extern alias TorchSteps;

using System.Text.Json.Nodes;
using Ours = EmbeddedSteps::GenCourse.Benchmarks.Steps;
using Theirs = TorchSteps::GenCourse.Benchmarks.Steps;

namespace GenCourse.Benchmarks.Workloads;

/// <summary>
/// One DCGAN training step (Steps/Dcgan.cs, batch 64, 1 x 28 x 28) on both engines. With --phases, a second line gives
/// each phase's median milliseconds on both engines (from steps timed phase by phase, alternating, after the rounds).
/// </summary>
public sealed class DcganStepWorkload : IWorkload
{
    public string Name => "dcgan-step";

    public string Description => "DCGAN step (D on real and fake, then G), batch 64, 28x28, BCE-with-logits, Adam (ms per step); --phases";

    public void Run(Options options)
    {
        const int batch = 64;
        var schedule = new Schedule(Rounds: 5, Samples: 5, WarmupSeconds: 2).With(options);
        var (ours, theirs) = SideBySide.Time(Ours.DcganStep.Prepare(batch), Theirs.DcganStep.Prepare(batch), schedule);
        var fields = new JsonObject { ["workload"] = Name, ["batch"] = batch, ["image"] = "1x28x28" };
        SideBySide.Report(fields, ours, theirs);
        if (options.Flag("phases")) ReportPhases(batch, schedule);
    }

    void ReportPhases(int batch, Schedule schedule)
    {
        var phases = Ours.DcganStep.Phases;
        var (oursClock, theirsClock) = (new PhaseClock(phases.Length), new PhaseClock(phases.Length));
        var oursStep = Ours.DcganStep.Prepare(batch, oursClock.Done);
        var theirsStep = Theirs.DcganStep.Prepare(batch, theirsClock.Done);
        void Steps(Action step, PhaseClock clock, int count)
        {
            clock.Start();
            for (int i = 0; i < count; i++) step();
        }
        // Warm-up steps, whose phases are forgotten, then rounds of ours, theirs.
        Steps(oursStep, oursClock, 3);
        Steps(theirsStep, theirsClock, 3);
        oursClock.Clear();
        theirsClock.Clear();
        for (int r = 0; r < schedule.Rounds; r++)
        {
            Steps(oursStep, oursClock, schedule.Samples);
            Steps(theirsStep, theirsClock, schedule.Samples);
        }
        var table = new JsonArray();
        for (int p = 0; p < phases.Length; p++)
        {
            double o = oursClock.MedianSeconds(p) * 1e3, t = theirsClock.MedianSeconds(p) * 1e3;
            table.Add(new JsonObject
            {
                ["phase"] = phases[p], ["ours"] = Measure.Round(o, 2), ["theirs"] = Measure.Round(t, 2), ["ratio"] = Measure.Round(o / t, 2),
            });
        }
        Measure.Report(new JsonObject
        {
            ["workload"] = Name, ["case"] = "phases", ["unit"] = "ms (median per phase)", ["steps"] = schedule.Rounds * schedule.Samples,
            ["ratio_is"] = "ours/theirs ms: below 1 means GenCourse is faster", ["phases"] = table, ["isa"] = Machine.Isa,
            ["threads"] = Machine.Fields()["threads"]!.DeepClone(), ["load_average"] = Machine.LoadAverage,
        });
    }
}
