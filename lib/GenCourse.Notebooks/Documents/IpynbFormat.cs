using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenCourse.Notebooks.Documents;

/// <summary>Reads and writes Jupyter notebooks (nbformat 4; written as 4.5 with cell ids).</summary>
public static class IpynbFormat
{
    static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads a .ipynb file, outputs included.</summary>
    /// <exception cref="InvalidDataException">Not nbformat 4 JSON; the message names the file and the problem.</exception>
    public static Notebook Read(string path)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new InvalidDataException($"{path}: the top level is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message}).", e);
        }
        int major = root["nbformat"]?.GetValue<int>() ?? 0;
        if (major != 4) throw new InvalidDataException($"{path}: nbformat {major} is not supported (expected 4).");
        var cells = root["cells"] as JsonArray ?? throw new InvalidDataException($"{path}: no \"cells\" array.");
        var metadata = root["metadata"]?.DeepClone() as JsonObject ?? [];
        return new Notebook(path, metadata, cells.Select((cell, i) => ReadCell(cell as JsonObject, path, i + 1)).ToList());
    }

    /// <summary>Writes the notebook as nbformat 4.5: original cells and metadata, ids added where missing, outputs filled.</summary>
    public static void Write(Notebook notebook, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, ToJson(notebook).ToJsonString(WriteOptions) + "\n");
    }

    /// <summary>The nbformat 4.5 JSON of the notebook.</summary>
    public static JsonObject ToJson(Notebook notebook)
    {
        var ids = notebook.Cells.Select(cell => cell.Json["id"]?.GetValue<string>()).OfType<string>().ToHashSet();
        var cells = new JsonArray();
        for (int i = 0; i < notebook.Cells.Count; i++) cells.Add(CellJson(notebook.Cells[i], i + 1, ids));
        return new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = notebook.Metadata.DeepClone(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
    }

    static NotebookCell ReadCell(JsonObject? json, string path, int index)
    {
        if (json is null) throw new InvalidDataException($"{path}: cell {index} is not a JSON object.");
        var kind = json["cell_type"]?.GetValue<string>() switch
        {
            "markdown" => CellKind.Markdown,
            "code" => CellKind.Code,
            "raw" => CellKind.Raw,
            var other => throw new InvalidDataException($"{path}: cell {index} has unknown cell_type '{other}'."),
        };
        var cell = new NotebookCell(kind, NbText.FromLines(json["source"]), (JsonObject)json.DeepClone());
        if (kind != CellKind.Code) return cell;
        cell.ExecutionCount = json["execution_count"]?.GetValue<int>();
        foreach (var output in (json["outputs"] as JsonArray ?? []).OfType<JsonObject>())
            if (ReadOutput(output) is { } read) cell.Outputs.Add(read);
        return cell;
    }

    static NotebookOutput? ReadOutput(JsonObject json) => json["output_type"]?.GetValue<string>() switch
    {
        "stream" => new StreamOutput(json["name"]?.GetValue<string>() ?? "stdout", NbText.FromLines(json["text"])),
        "display_data" => new DisplayOutput(ReadBundle(json["data"])),
        "execute_result" => new DisplayOutput(ReadBundle(json["data"]), json["execution_count"]?.GetValue<int>() ?? 0),
        "error" => new ErrorOutput(
            json["ename"]?.GetValue<string>() ?? "",
            json["evalue"]?.GetValue<string>() ?? "",
            (json["traceback"] as JsonArray ?? []).Select(line => line?.GetValue<string>() ?? "").ToList()),
        _ => null,
    };

    static Dictionary<string, string> ReadBundle(JsonNode? data) =>
        (data as JsonObject ?? []).ToDictionary(entry => entry.Key, entry => NbText.MimeText(entry.Key, entry.Value));

    static JsonObject CellJson(NotebookCell cell, int index, HashSet<string> ids)
    {
        var json = (JsonObject)cell.Json.DeepClone();
        if (string.IsNullOrEmpty(json["id"]?.GetValue<string>())) json["id"] = NewId(index, ids);
        json["cell_type"] = cell.Kind.ToString().ToLowerInvariant();
        json["metadata"] ??= new JsonObject();
        if (!json.ContainsKey("source")) json["source"] = NbText.ToLines(cell.Source);
        if (cell.Kind == CellKind.Code)
        {
            json["execution_count"] = cell.ExecutionCount;
            json["outputs"] = new JsonArray(cell.Outputs.Snapshot().Select(output => (JsonNode?)output.ToJson()).ToArray());
        }
        else
        {
            json.Remove("execution_count");
            json.Remove("outputs");
        }
        return json;
    }

    static string NewId(int index, HashSet<string> ids)
    {
        var id = $"cell-{index}";
        for (int n = 2; !ids.Add(id); n++) id = $"cell-{index}-{n}";
        return id;
    }
}
