using System.Text.Json.Nodes;
using GenCourse.Notebooks.Cli;
using GenCourse.Notebooks.Documents;
using GenCourse.Notebooks.Execution;

namespace GenCourse.Notebooks.Tests;

/// <summary>Builds small Polyglot notebooks and runs them.</summary>
internal static class TestNotebooks
{
    /// <summary>A .ipynb whose cells are C# code, except sources starting with "md:" (markdown).</summary>
    public static string Ipynb(params string[] cells)
    {
        var array = new JsonArray();
        foreach (var cell in cells)
        {
            array.Add(cell.StartsWith("md:", StringComparison.Ordinal)
                ? new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = cell[3..] }
                : new JsonObject
                {
                    ["cell_type"] = "code",
                    ["execution_count"] = null,
                    ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
                    ["outputs"] = new JsonArray(),
                    ["source"] = cell,
                });
        }
        var notebook = new JsonObject
        {
            ["cells"] = array,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" } },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 4,
        };
        return notebook.ToJsonString();
    }

    /// <summary>Writes the notebook into the folder and runs it.</summary>
    public static NotebookRunResult Run(TempFolder folder, string name, string ipynb, RunSettings? settings = null) =>
        new NotebookRunner(settings ?? new RunSettings()).Run(Notebook.Load(folder.Write(name, ipynb)));

    /// <summary>Runs the gencourse command line in-process.</summary>
    public static (int Code, string Stdout, string Stderr) Cli(string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        int code = CommandLine.Execute(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The outputs of cell <paramref name="index"/> (0-based over all cells).</summary>
    public static IReadOnlyList<NotebookOutput> Outputs(this NotebookRunResult result, int index) =>
        result.Notebook.Cells[index].Outputs.Snapshot();

    /// <summary>All stdout text of a cell.</summary>
    public static string Stdout(this NotebookRunResult result, int index) =>
        string.Concat(result.Outputs(index).OfType<StreamOutput>().Where(s => s.Name == "stdout").Select(s => s.Text));
}
