using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenCourse.Notebooks.Documents;

/// <summary>
/// Reads Polyglot's plain-text .dib notebooks: an optional <c>#!meta</c> header (JSON up to the next <c>#!</c>
/// line), then cells, each started by a line that is exactly <c>#!kernel</c> (<c>#!csharp</c>, <c>#!markdown</c>, ...).
/// Other <c>#!</c> lines are magic commands and stay in their cell; text before the first kernel line is C#.
/// </summary>
public static class DibFormat
{
    static readonly string[] KnownKernels =
        ["csharp", "c#", "fsharp", "f#", "pwsh", "powershell", "javascript", "js", "html", "sql", "kql", "mermaid", "value", "http", "markdown", "md"];

    /// <summary>True for the name of a Polyglot kernel (<c>csharp</c>, <c>fsharp</c>, <c>pwsh</c>, ...) or one of its aliases.</summary>
    public static bool IsKernelName(string name) => KnownKernels.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads a .dib file.</summary>
    public static Notebook Read(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses .dib text.</summary>
    /// <param name="text">The file contents.</param>
    /// <param name="path">The file the text came from (for the notebook's folder and error messages).</param>
    /// <exception cref="InvalidDataException">The #!meta header is not valid JSON.</exception>
    public static Notebook Parse(string text, string path)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        int start = Array.FindIndex(lines, line => line.Trim().Length > 0);
        var kernelInfo = start >= 0 && lines[start].Trim() == "#!meta" ? ReadMeta(lines, ref start, path) : null;
        var kernels = KernelNames(kernelInfo);

        var cells = new List<NotebookCell>();
        var kernel = "csharp";
        var body = new List<string>();
        bool implicitCell = true;
        foreach (var line in lines.Skip(Math.Max(start, 0)))
        {
            var trimmed = line.TrimEnd();
            if (trimmed.StartsWith("#!", StringComparison.Ordinal) && kernels.Contains(trimmed[2..]))
            {
                AddCell(cells, kernel, body, implicitCell);
                (kernel, body, implicitCell) = (trimmed[2..], [], false);
            }
            else body.Add(line);
        }
        AddCell(cells, kernel, body, implicitCell);
        return new Notebook(path, NotebookMetadata(kernelInfo), cells);
    }

    static JsonObject? ReadMeta(string[] lines, ref int start, string path)
    {
        int end = start + 1;
        while (end < lines.Length && !lines[end].StartsWith("#!", StringComparison.Ordinal)) end++;
        var json = string.Join('\n', lines[(start + 1)..end]);
        start = end;
        try
        {
            return (JsonNode.Parse(json) as JsonObject)?["kernelInfo"]?.DeepClone() as JsonObject;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the #!meta header is not valid JSON ({e.Message}).", e);
        }
    }

    static HashSet<string> KernelNames(JsonObject? kernelInfo)
    {
        var names = new HashSet<string>(KnownKernels, StringComparer.OrdinalIgnoreCase);
        foreach (var item in (kernelInfo?["items"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (item["name"]?.GetValue<string>() is { } name) names.Add(name);
            foreach (var alias in (item["aliases"] as JsonArray ?? []).Select(a => a?.GetValue<string>()).OfType<string>())
                names.Add(alias.StartsWith("#!", StringComparison.Ordinal) ? alias[2..] : alias);
        }
        return names;
    }

    static void AddCell(List<NotebookCell> cells, string kernel, List<string> body, bool implicitCell)
    {
        int first = body.FindIndex(line => line.Trim().Length > 0);
        int last = body.FindLastIndex(line => line.Trim().Length > 0);
        var source = first < 0 ? "" : string.Join('\n', body.GetRange(first, last - first + 1));
        if (implicitCell && source.Length == 0) return;
        bool markdown = kernel.Equals("markdown", StringComparison.OrdinalIgnoreCase) || kernel.Equals("md", StringComparison.OrdinalIgnoreCase);
        cells.Add(markdown
            ? new NotebookCell(CellKind.Markdown, source, new JsonObject { ["metadata"] = new JsonObject() })
            : new NotebookCell(CellKind.Code, source, new JsonObject { ["metadata"] = CodeCellMetadata(kernel) }));
    }

    static JsonObject CodeCellMetadata(string kernel) => new()
    {
        ["dotnet_interactive"] = new JsonObject { ["language"] = kernel },
        ["polyglot_notebook"] = new JsonObject { ["kernelName"] = kernel },
        ["vscode"] = new JsonObject { ["languageId"] = "polyglot-notebook" },
    };

    static JsonObject NotebookMetadata(JsonObject? kernelInfo) => new()
    {
        ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
        ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
        ["polyglot_notebook"] = new JsonObject
        {
            ["kernelInfo"] = kernelInfo ?? new JsonObject
            {
                ["defaultKernelName"] = "csharp",
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
            },
        },
    };
}
