using System.Text.Json;

namespace GenCourse.Notebooks.Tests;

/// <summary>
/// Every lecture notebook, unchanged, on the TorchSharp engine (gencourse run --backend torchsharp, quick profile): the
/// same model, data and plotting sources run on libtorch. Cells marked "// embedded engine only" are skipped there.
/// </summary>
public sealed class TorchSharpCourseTests : IDisposable
{
    readonly string output = Path.Combine(Path.GetTempPath(), "gencourse-torchsharp-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        try { Directory.Delete(output, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void EveryCourseNotebook_RunsOnTorchSharp()
    {
        var repository = TestNotebooks.Repository;
        var (exitCode, stdout, stderr) = TestNotebooks.Cli(
            ["run", Path.Combine(repository, "notebooks"), "--out", output, "--profile", "quick", "--backend", "torchsharp", "--no-site"]);
        Assert.True(exitCode == 0, $"gencourse run --backend torchsharp failed:\n{stderr}\n{stdout}");
        foreach (var source in Directory.GetFiles(Path.Combine(repository, "notebooks"), "*.ipynb"))
        {
            var executed = Path.Combine(output, "notebooks", Path.GetFileName(source));
            using var doc = JsonDocument.Parse(File.ReadAllText(executed));
            var first = doc.RootElement.GetProperty("cells").EnumerateArray().First(c => c.GetProperty("cell_type").GetString() == "code");
            var printed = string.Join("", first.GetProperty("outputs").EnumerateArray()
                .Where(o => o.GetProperty("output_type").GetString() == "stream")
                .SelectMany(o => o.GetProperty("text").EnumerateArray().Select(t => t.GetString())));
            Assert.Contains("engine: TorchSharp 0.107.0 (libtorch 2.10.0", printed);
        }
    }

    [Fact]
    public void UnknownBackend_IsAUsageErrorListingTheValidOnes()
    {
        var (exitCode, _, stderr) = TestNotebooks.Cli(["run", Path.Combine(TestNotebooks.Repository, "notebooks"), "--backend", "tensorflow"]);
        Assert.Equal(2, exitCode);
        Assert.Contains("--backend must be 'embedded' or 'torchsharp', not 'tensorflow'", stderr);
    }
}
