using System.Reflection;
using System.Text.Json.Nodes;
using GenCourse.Notebooks.Cli;
using GenCourse.Notebooks.Documents;
using GenCourse.Notebooks.Execution;

namespace GenCourse.Notebooks.Tests;

/// <summary>Builds small Polyglot notebooks and runs them.</summary>
internal static class TestNotebooks
{
    /// <summary>A .ipynb whose cells are C# code, except sources starting with "md:" (markdown) or "fsharp:" (F# code).</summary>
    public static string Ipynb(params string[] cells)
    {
        var array = new JsonArray();
        foreach (var cell in cells)
        {
            var (kernel, source) = cell.StartsWith("fsharp:", StringComparison.Ordinal) ? ("fsharp", cell[7..]) : ("csharp", cell);
            array.Add(cell.StartsWith("md:", StringComparison.Ordinal)
                ? new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = cell[3..] }
                : new JsonObject
                {
                    ["cell_type"] = "code",
                    ["execution_count"] = null,
                    ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = kernel } },
                    ["outputs"] = new JsonArray(),
                    ["source"] = source,
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

    /// <summary>
    /// A cell declaring the .NET Interactive formatter convention itself (matched by name only) for a class Gauge (and
    /// BigGauge : Gauge): text/plain "Gauge {Value}" and text/html from <paramref name="html"/>, an expression over
    /// <c>Gauge g</c>.
    /// </summary>
    public static string GaugeFormatterCell(string html) => $$"""
        [AttributeUsage(AttributeTargets.Class)]
        class TypeFormatterSourceAttribute : Attribute
        {
            public TypeFormatterSourceAttribute(Type formatterSourceType) => FormatterSourceType = formatterSourceType;
            public Type FormatterSourceType { get; }
            public string[] PreferredMimeTypes { get; set; } = [];
        }
        class Formatter
        {
            public Formatter(string mimeType, Func<Gauge, string> render) { MimeType = mimeType; this.render = render; }
            readonly Func<Gauge, string> render;
            public string MimeType { get; }
            public bool Format(object instance, System.IO.TextWriter writer) { writer.Write(render((Gauge)instance)); return true; }
        }
        class GaugeFormatters
        {
            public IEnumerable<object> CreateTypeFormatters() =>
                [new Formatter("text/plain", g => $"Gauge {g.Value}"), new Formatter("text/html", g => {{html}})];
        }
        [TypeFormatterSource(typeof(GaugeFormatters), PreferredMimeTypes = ["text/html", "text/plain"])]
        class Gauge { public double Value { get; set; } }
        class BigGauge : Gauge { }
        """;

    /// <summary>The repository root (the folder holding GenCourse.sln).</summary>
    public static string Repository { get; } = FindRepository();

    /// <summary>
    /// The first line of a cell that loads the kit, as course notebooks do: <c>#r</c> of lib/GenCourse's build output in
    /// this test build's configuration (the runner's project builds it).
    /// </summary>
    public static string KitReference
    {
        get
        {
            var configuration = typeof(TestNotebooks).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
            return $"#r \"{Path.Combine(Repository, "lib", "GenCourse", "bin", configuration, "net8.0", "GenCourse.dll")}\"";
        }
    }

    static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GenCourse.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no GenCourse.sln above {AppContext.BaseDirectory}");
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
