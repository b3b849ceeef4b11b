using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenCourse.Notebooks.Documents;

/// <summary>nbformat's text conventions: multi-line strings as arrays of lines, JSON MIME types as JSON.</summary>
internal static class NbText
{
    /// <summary>Splits text into lines that keep their "\n", the way Jupyter writes sources and outputs.</summary>
    public static JsonArray ToLines(string text)
    {
        var lines = new JsonArray();
        int start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            lines.Add(text[start..end]);
            start = end;
        }
        return lines;
    }

    /// <summary>Reads a multi-line string written as a string or an array of strings.</summary>
    public static string FromLines(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(line => line?.GetValue<string>() ?? "")),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    /// <summary>The JSON value for one MIME bundle entry: parsed JSON for application/json types, else lines.</summary>
    public static JsonNode? MimeValue(string mimeType, string content)
    {
        if (IsJsonMime(mimeType))
        {
            try { return JsonNode.Parse(content); }
            catch (JsonException) { return JsonValue.Create(content); }
        }
        return ToLines(content);
    }

    /// <summary>Reads one MIME bundle entry back to text.</summary>
    public static string MimeText(string mimeType, JsonNode? node) =>
        IsJsonMime(mimeType) && node is not JsonValue ? node?.ToJsonString() ?? "null" : FromLines(node);

    static bool IsJsonMime(string mimeType) =>
        mimeType == "application/json" ||
        mimeType.StartsWith("application/", StringComparison.Ordinal) && mimeType.EndsWith("+json", StringComparison.Ordinal);
}
