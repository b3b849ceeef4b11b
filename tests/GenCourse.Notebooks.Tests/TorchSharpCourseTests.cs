using System.Globalization;
using System.Text.Json;

namespace GenCourse.Notebooks.Tests;

/// <summary>
/// Every lecture notebook, unchanged, on the TorchSharp engine (gencourse run --backend torchsharp, quick profile): the
/// same model, data and plotting sources run on libtorch. Cells marked "// embedded engine only" are skipped there.
/// The key figures each notebook states (Expect.InRange) must pass on both engines and agree within the tolerance
/// written next to them.
/// </summary>
[Collection(CourseCollection.Name)]
public sealed class TorchSharpCourseTests(CourseRun run)
{
    [Fact]
    public void EveryCourseNotebook_RunsOnTorchSharp()
    {
        Assert.True(run.TorchSharpExitCode == 0, $"gencourse run --backend torchsharp failed:\n{run.TorchSharpStderr}\n{run.TorchSharpStdout}");
        foreach (var source in run.Notebooks)
        {
            var executed = Path.Combine(run.TorchSharpOutput, "notebooks", Path.GetFileName(source));
            using var doc = JsonDocument.Parse(File.ReadAllText(executed));
            var first = doc.RootElement.GetProperty("cells").EnumerateArray().First(c => c.GetProperty("cell_type").GetString() == "code");
            var printed = string.Join("", first.GetProperty("outputs").EnumerateArray()
                .Where(o => o.GetProperty("output_type").GetString() == "stream")
                .SelectMany(o => o.GetProperty("text").EnumerateArray().Select(t => t.GetString())));
            Assert.Contains("engine: TorchSharp 0.107.0 (libtorch 2.10.0", printed);
        }
    }

    [Fact]
    public void EveryCourseNotebook_StatesKeyFigures_InTheirHealthyRange_OnBothEngines()
    {
        Assert.True(run.ExitCode == 0, $"gencourse run failed:\n{run.Stderr}");
        Assert.True(run.TorchSharpExitCode == 0, $"gencourse run --backend torchsharp failed:\n{run.TorchSharpStderr}");
        foreach (var source in run.Notebooks)
        {
            var name = Path.GetFileNameWithoutExtension(source);
            foreach (var (engine, figures) in new[] { ("embedded", Figures(run.Output, name)), ("torchsharp", Figures(run.TorchSharpOutput, name)) })
            {
                Assert.True(figures.Count > 0, $"{name} states no key figure (Expect.InRange) on the {engine} engine");
                Assert.All(figures, f =>
                {
                    Assert.True(f.Passed, $"{name} on {engine}: {f.ToPlainText()}");
                    Assert.Equal("quick", f.Profile);
                    Assert.Equal(engine, f.Backend);
                });
            }
        }
    }

    [Fact]
    public void KeyFigures_AgreeAcrossEngines_WithinTheToleranceWrittenNextToThem()
    {
        Assert.True(run.ExitCode == 0 && run.TorchSharpExitCode == 0, "a course run failed (see the other tests)");
        var disagreements = new List<string>();
        foreach (var source in run.Notebooks)
        {
            var name = Path.GetFileNameWithoutExtension(source);
            var embedded = Figures(run.Output, name);
            var torch = Figures(run.TorchSharpOutput, name).ToDictionary(f => f.Name);
            foreach (var ours in embedded)
            {
                if (!torch.TryGetValue(ours.Name, out var theirs))
                {
                    disagreements.Add($"{name}: \"{ours.Name}\" was not stated on TorchSharp");
                    continue;
                }
                Assert.Equal(ours.AcrossEngines, theirs.AcrossEngines);
                double difference = Math.Abs(ours.Value - theirs.Value);
                if (!(difference <= ours.AcrossEngines))
                    disagreements.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{name}: \"{ours.Name}\" is {ours.Value:G6} on the embedded engine and {theirs.Value:G6} on TorchSharp: differ by {difference:G3} > {ours.AcrossEngines:G3}"));
            }
            Assert.Equal(embedded.Select(f => f.Name).Order(), torch.Keys.Order());
        }
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    /// <summary>The figures file GenCourse.Plotting.Expect wrote while the notebook ran (read here as plain JSON).</summary>
    static IReadOnlyList<KeyFigure> Figures(string output, string notebook)
    {
        var path = Path.Combine(output, "notebooks", notebook + ".figures.json");
        Assert.True(File.Exists(path), $"no key figures were written for {notebook} ({path})");
        return JsonSerializer.Deserialize<List<KeyFigure>>(File.ReadAllText(path), FiguresJson)
            ?? throw new InvalidDataException($"{path} holds no list of figures");
    }

    static readonly JsonSerializerOptions FiguresJson = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    sealed record KeyFigure(string Name, double Value, double Low, double High, double AcrossEngines, string Profile, string Backend)
    {
        public bool Passed => Value >= Low && Value <= High;

        public string ToPlainText() => string.Create(CultureInfo.InvariantCulture, $"\"{Name}\" = {Value:G6}, healthy range [{Low:G6}, {High:G6}]");
    }

    [Fact]
    public void UnknownBackend_IsAUsageErrorListingTheValidOnes()
    {
        var (exitCode, _, stderr) = TestNotebooks.Cli(["run", Path.Combine(TestNotebooks.Repository, "notebooks"), "--backend", "tensorflow"]);
        Assert.Equal(2, exitCode);
        Assert.Contains("--backend must be 'embedded' or 'torchsharp', not 'tensorflow'", stderr);
    }
}
