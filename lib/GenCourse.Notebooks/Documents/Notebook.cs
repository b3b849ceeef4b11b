using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GenCourse.Notebooks.Documents;

/// <summary>A notebook in memory: its cells and the notebook metadata it was read with.</summary>
public sealed partial class Notebook
{
    /// <summary>Creates a notebook.</summary>
    /// <param name="path">The file it was read from (made absolute); cells run with its folder as working directory.</param>
    /// <param name="metadata">The nbformat notebook metadata (kernelspec, polyglot_notebook, ...).</param>
    /// <param name="cells">The cells in order.</param>
    public Notebook(string path, JsonObject metadata, IReadOnlyList<NotebookCell> cells)
    {
        Path = System.IO.Path.GetFullPath(path);
        Metadata = metadata;
        Cells = cells;
    }

    /// <summary>Absolute path of the file the notebook was read from.</summary>
    public string Path { get; }

    /// <summary>The nbformat notebook metadata.</summary>
    public JsonObject Metadata { get; }

    /// <summary>The cells in order.</summary>
    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>
    /// The kernel of code cells that name none: Polyglot's defaultKernelName, else the kernelspec
    /// (".net-csharp" means csharp), else csharp.
    /// </summary>
    public string DefaultKernelName
    {
        get
        {
            if (Metadata["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]?.GetValue<string>() is { } name) return name;
            var spec = Metadata["kernelspec"]?["name"]?.GetValue<string>();
            if (spec is null) return "csharp";
            return spec.StartsWith(".net-", StringComparison.Ordinal)
                ? spec[".net-".Length..]
                : Metadata["kernelspec"]?["language"]?.GetValue<string>()?.ToLowerInvariant() ?? spec;
        }
    }

    /// <summary>The text of the first markdown heading, or null when there is none.</summary>
    public string? Title =>
        Cells.Where(cell => cell.Kind == CellKind.Markdown)
            .Select(cell => Heading().Match(cell.Source))
            .FirstOrDefault(match => match.Success)?.Groups["text"].Value;

    /// <summary>True for a code cell the runner executes: one whose kernel is C# ("csharp" or "c#").</summary>
    public bool IsCSharp(NotebookCell cell) => cell.Kind == CellKind.Code && IsCSharpKernel(cell.KernelName ?? DefaultKernelName);

    /// <summary>
    /// The kernel a code cell is written for when that is not C#: from its metadata (or the notebook's default), or from a
    /// first line that selects a kernel (<c>#!fsharp</c>, <c>#!pwsh</c>, ...). Null for C# cells.
    /// </summary>
    public string? UnsupportedKernel(NotebookCell cell)
    {
        if (!IsCSharp(cell)) return cell.KernelName ?? DefaultKernelName;
        var selector = cell.Source.TrimStart().Split('\n', 2)[0].Trim();
        return selector.StartsWith("#!", StringComparison.Ordinal) && DibFormat.IsKernelName(selector[2..]) && !IsCSharpKernel(selector[2..])
            ? selector[2..] : null;
    }

    /// <summary>Reads a .ipynb (nbformat 4) or .dib file.</summary>
    /// <exception cref="InvalidDataException">The file is not a notebook the runner can read; the message says why.</exception>
    public static Notebook Load(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".ipynb" => IpynbFormat.Read(path),
        ".dib" => DibFormat.Read(path),
        var other => throw new InvalidDataException($"{path}: '{other}' is not a notebook extension (expected .ipynb or .dib)."),
    };

    /// <summary>True for the C# kernel's name and aliases.</summary>
    public static bool IsCSharpKernel(string kernelName) =>
        kernelName.Equals("csharp", StringComparison.OrdinalIgnoreCase) || kernelName.Equals("c#", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^ {0,3}#{1,6}[ \t]+(?<text>.*?)[ \t]*#*[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex Heading();
}
