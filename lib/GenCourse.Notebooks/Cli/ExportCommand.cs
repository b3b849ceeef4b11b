using GenCourse.Notebooks.Documents;
using GenCourse.Notebooks.Site;

namespace GenCourse.Notebooks.Cli;

/// <summary><c>gencourse export</c>: the HTML site from notebooks that were already executed.</summary>
internal static class ExportCommand
{
    public static int Execute(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var parsed = ParsedArguments.Parse("export", args, ["--out"], []);
        if (parsed.Help)
        {
            stdout.Write(Usage.Export);
            return 0;
        }
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
}
