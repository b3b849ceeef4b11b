using System.Diagnostics;
using GenCourse.Notebooks.Documents;
using GenCourse.Notebooks.Execution;
using GenCourse.Notebooks.Site;

namespace GenCourse.Notebooks.Cli;

/// <summary>
/// <c>gencourse run</c>: executes every notebook, writes <c>OUT/notebooks/NAME.ipynb</c> and the site in
/// <c>OUT/site/</c>, and reports each failure as <c>FAILED path cell i (line n): Type: message</c> on stderr.
/// </summary>
internal static class RunCommand
{
    static readonly string[] Extensions = [".ipynb", ".dib"];

    public static int Execute(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var parsed = ParsedArguments.Parse("run", args, ["--profile", "--out", "--timeout", "--backend"], ["--no-site"]);
        if (parsed.Help)
        {
            stdout.Write(Usage.Run);
            return 0;
        }
        var profile = parsed.Values.GetValueOrDefault("--profile", "quick");
        if (profile is not ("quick" or "full"))
            throw new UsageException("run", $"--profile must be 'quick' or 'full', not '{profile}'.");
        var timeout = parsed.Values.GetValueOrDefault("--timeout", "600");
        if (!double.TryParse(timeout, out var seconds) || !(seconds > 0) || seconds > int.MaxValue / 1000.0)
            throw new UsageException("run", $"--timeout must be a positive number of seconds, not '{timeout}'.");
        var files = NotebookFinder.Find("run", parsed.Positional.Count > 0 ? parsed.Positional : ["notebooks"], Extensions);
        if (files.Count == 0)
            throw new UsageException("run", $"no .ipynb or .dib notebooks found in {string.Join(", ", parsed.Positional.DefaultIfEmpty("notebooks"))}.");

        var backend = parsed.Values.GetValueOrDefault("--backend") ?? Environment.GetEnvironmentVariable(EngineLine.Variable) ?? "embedded";
        if (!EngineLine.Backends.Contains(backend))
            throw new UsageException("run", $"--backend must be {string.Join(" or ", EngineLine.Backends.Select(b => $"'{b}'"))}, not '{backend}'" +
                (parsed.Values.ContainsKey("--backend") ? "." : $" (from {EngineLine.Variable})."));
        var output = parsed.Values.GetValueOrDefault("--out", "out");
        var settings = new RunSettings
        {
            Profile = profile,
            CellTimeout = TimeSpan.FromSeconds(seconds),
            Backend = backend,
            FiguresPath = name => Path.Combine(output, "notebooks", name + ".figures.json"),
        };
        SiteWriter? site = parsed.Flags.Contains("--no-site") ? null : new SiteWriter(SiteAssets.PrepareNodeModules());
        return Run(files, settings, output, site, stdout, stderr);
    }

    static int Run(IReadOnlyList<NotebookFile> files, RunSettings settings, string output, SiteWriter? site, TextWriter stdout, TextWriter stderr)
    {
        var clock = Stopwatch.StartNew();
        var runner = new NotebookRunner(settings, stdout);
        var pages = new List<SitePage>();
        int failed = 0;
        for (int i = 0; i < files.Count; i++)
        {
            var file = files[i];
            stdout.WriteLine($"[{i + 1}/{files.Count}] {file.DisplayPath}");
            if (RunOne(runner, file, output, stdout, stderr) is not { } result)
            {
                failed++;
                continue;
            }
            if (!result.Passed) failed++;
            pages.Add(new SitePage(result.Notebook, file.Name, result.Elapsed, result.Passed));
        }
        var index = site?.Write(Path.Combine(output, "site"), pages);
        stdout.WriteLine($"Ran {files.Count} notebook{(files.Count == 1 ? "" : "s")} in {clock.Elapsed.TotalSeconds:0.0} s: {files.Count - failed} passed, {failed} failed.");
        stdout.WriteLine($"Executed notebooks: {Path.Combine(output, "notebooks")}" + (index is null ? "" : $"; site: {index}"));
        return failed == 0 ? 0 : 1;
    }

    /// <summary>Runs one notebook and writes it; null when the file could not be read.</summary>
    static NotebookRunResult? RunOne(NotebookRunner runner, NotebookFile file, string output, TextWriter stdout, TextWriter stderr)
    {
        Notebook notebook;
        try
        {
            notebook = Notebook.Load(file.FullPath);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException)
        {
            stderr.WriteLine($"FAILED {file.DisplayPath}: cannot read the notebook: {e.Message}");
            return null;
        }
        NotebookRunResult result;
        try
        {
            result = runner.Run(notebook);
        }
        finally
        {
            IpynbFormat.Write(notebook, Path.Combine(output, "notebooks", file.Name + ".ipynb"));
        }
        stdout.WriteLine($"  {(result.Passed ? "passed" : "FAILED")} in {result.Elapsed.TotalSeconds:0.0} s");
        if (result.Failure is { } failure) stderr.WriteLine(failure.Report(file.DisplayPath));
        return result;
    }
}
