using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GenCourse.Notebooks.Tests;

/// <summary>
/// Runs every course notebook in the repository's notebooks/ folder in the quick profile through the <c>gencourse run</c>
/// command (the README's main job): once on the embedded engine (with the site) and once on TorchSharp
/// (<c>--backend torchsharp</c>), and keeps the executed notebooks, their key figures and the site for the tests.
/// </summary>
public sealed class CourseRun : IDisposable
{
    public CourseRun()
    {
        Repository = TestNotebooks.Repository;
        Output = Path.Combine(Path.GetTempPath(), "gencourse-course-" + Guid.NewGuid().ToString("N")[..8]);
        TorchSharpOutput = Output + "-torchsharp";
        var notebooks = Path.Combine(Repository, "notebooks");
        (ExitCode, Stdout, Stderr) = TestNotebooks.Cli(["run", notebooks, "--out", Output, "--profile", "quick"]);
        (TorchSharpExitCode, TorchSharpStdout, TorchSharpStderr) = TestNotebooks.Cli(
            ["run", notebooks, "--out", TorchSharpOutput, "--profile", "quick", "--backend", "torchsharp", "--no-site"]);
    }

    public string Repository { get; }
    public string Output { get; }
    public int ExitCode { get; }
    public string Stdout { get; }
    public string Stderr { get; }

    public string TorchSharpOutput { get; }
    public int TorchSharpExitCode { get; }
    public string TorchSharpStdout { get; }
    public string TorchSharpStderr { get; }

    public string[] Notebooks => Directory.GetFiles(Path.Combine(Repository, "notebooks"), "*.ipynb", SearchOption.AllDirectories);

    public void Dispose()
    {
        foreach (var folder in new[] { Output, TorchSharpOutput })
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class CourseCollection : ICollectionFixture<CourseRun>
{
    public const string Name = "course notebooks on both engines";
}

[Collection(CourseCollection.Name)]
public sealed class CourseNotebookTests(CourseRun run)
{
    [Fact]
    public void EveryCourseNotebook_ExecutesInTheQuickProfile()
    {
        Assert.True(run.ExitCode == 0, $"gencourse run failed:\n{run.Stderr}\n{run.Stdout}");
        Assert.NotEmpty(run.Notebooks);
        foreach (var source in run.Notebooks)
        {
            var relative = Path.GetRelativePath(Path.Combine(run.Repository, "notebooks"), source);
            var executed = Path.Combine(run.Output, "notebooks", relative);
            Assert.True(File.Exists(executed), $"no executed copy of {relative}");
            using var doc = JsonDocument.Parse(File.ReadAllText(executed));
            var code = doc.RootElement.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("cell_type").GetString() == "code").ToList();
            Assert.All(code, c => Assert.Equal(JsonValueKind.Number, c.GetProperty("execution_count").ValueKind));
            Assert.DoesNotContain(code, c => c.GetProperty("outputs").EnumerateArray().Any(o => o.GetProperty("output_type").GetString() == "error"));
            Assert.Contains(code, c => c.GetProperty("outputs").GetArrayLength() > 0);
        }
    }

    [Fact]
    public void Site_DrawsEveryFigureInChromium_WithoutJavaScriptErrors()
    {
        Assert.True(run.ExitCode == 0, $"gencourse run failed:\n{run.Stderr}");
        var site = Path.Combine(run.Output, "site");
        var artefacts = Path.Combine(AppContext.BaseDirectory, "artefacts");
        Directory.CreateDirectory(artefacts);
        int figures = 0;
        foreach (var page in Directory.GetFiles(site, "*.html", SearchOption.AllDirectories))
        {
            var html = File.ReadAllText(page);
            int expected = Regex.Matches(html, "class=\"gencourse-plot\"").Count;
            var dom = Chromium.DumpDom(page);
            var name = Path.GetRelativePath(site, page);
            var errors = Regex.Match(dom, "data-js-errors=\"([^\"]*)\"");
            Assert.False(errors.Success && errors.Groups[1].Value.Length > 0, $"{name}: JavaScript errors: {errors.Groups[1].Value}");
            var plots = Regex.Split(dom, "<div id=\"gencourse-plot-").Skip(1).ToList();
            Assert.Equal(expected, plots.Count);
            for (int i = 0; i < plots.Count; i++)
            {
                Assert.True(plots[i].Contains("class=\"main-svg\""), $"{name}: figure {i + 1} has no SVG (plotly did not draw)");
                Assert.True(Regex.IsMatch(plots[i], "class=\"(trace|hm|contour|cb)"), $"{name}: figure {i + 1} has no plotted trace");
            }
            figures += plots.Count;
        }
        Assert.True(figures > 20, $"only {figures} figures in the whole site");
        var shot = Path.Combine(artefacts, "site-04_vae.png");
        Chromium.Screenshot(Path.Combine(site, "04_vae.html"), shot);
        Assert.True(new FileInfo(shot).Length > 10_000, "the screenshot is (nearly) empty");
    }
}

/// <summary>Headless Debian Chromium (installed by tests/run): DOM after scripts ran, and screenshots.</summary>
static class Chromium
{
    static string Executable() =>
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("Chromium is not installed: the browser test needs it (apt-get install chromium; tests/run, the README's test command, installs it)");

    static string Run(params string[] args)
    {
        var profile = Path.Combine(Path.GetTempPath(), "gencourse-chromium-" + Guid.NewGuid().ToString("N")[..8]);
        var info = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                     "--virtual-time-budget=20000", "--window-size=1200,2400" }.Concat(args))
            info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium did not finish within 120 s: {string.Join(' ', args)}");
        }
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { }
        if (p.ExitCode != 0) throw new InvalidOperationException($"chromium exited with {p.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    public static string DumpDom(string page) => Run("--dump-dom", new Uri(page).AbsoluteUri);

    public static void Screenshot(string page, string png) => Run("--screenshot=" + png, new Uri(page).AbsoluteUri);
}
