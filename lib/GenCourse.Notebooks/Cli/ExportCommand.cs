using GenCourse.Notebooks.Documents;
using GenCourse.Notebooks.Export;
using GenCourse.Notebooks.Site;

namespace GenCourse.Notebooks.Cli;

/// <summary><c>gencourse export</c>: the HTML site from notebooks that were already executed, or (<c>--cs</c>) notebooks as file-based apps.</summary>
internal static class ExportCommand
{
    public static int Execute(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var parsed = ParsedArguments.Parse("export", args, ["--out"], ["--cs"]);
        if (parsed.Help)
        {
            stdout.Write(Usage.Export);
            return 0;
        }
        if (parsed.Flags.Contains("--cs")) return ExportApps(parsed, stdout, stderr);
        if (parsed.Positional.Count == 0) throw new UsageException("export", "name at least one executed .ipynb file or folder.");
        var files = NotebookFinder.Find("export", parsed.Positional, [".ipynb"]);
        if (files.Count == 0) throw new UsageException("export", $"no .ipynb notebooks found in {string.Join(", ", parsed.Positional)}.");

        var pages = new List<SitePage>();
        foreach (var file in files)
        {
            try
            {
                var notebook = Notebook.Load(file.FullPath);
                bool passed = !notebook.Cells.Any(cell => cell.Outputs.Snapshot().OfType<ErrorOutput>().Any());
                pages.Add(new SitePage(notebook, file.Name, null, passed));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException)
            {
                stderr.WriteLine($"FAILED {file.DisplayPath}: cannot read the notebook: {e.Message}");
                return 1;
            }
        }
        var index = new SiteWriter(SiteAssets.PrepareNodeModules()).Write(parsed.Values.GetValueOrDefault("--out", Path.Combine("out", "site")), pages);
        stdout.WriteLine($"Exported {pages.Count} notebooks: {index}");
        return 0;
    }

    /// <summary><c>--cs</c>: each notebook as a file-based app, <c>OUT/NAME.cs</c>.</summary>
    static int ExportApps(ParsedArguments parsed, TextWriter stdout, TextWriter stderr)
    {
        if (parsed.Positional.Count == 0) throw new UsageException("export", "name at least one notebook to export with --cs.");
        var files = NotebookFinder.Find("export", parsed.Positional, [".ipynb", ".dib"]);
        var folder = parsed.Values.GetValueOrDefault("--out", Path.Combine("out", "cs"));
        int failed = 0;
        foreach (var file in files)
        {
            var app = Path.Combine(folder, file.Name + ".cs");
            try
            {
                var source = FileAppExporter.Export(Notebook.Load(file.FullPath), app);
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(app))!);
                File.WriteAllText(app, source);
                stdout.WriteLine($"Exported {file.DisplayPath}: {app} (run: dotnet run {app})");
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                stderr.WriteLine($"FAILED {file.DisplayPath}: cannot export it as an app: {e.Message}");
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
