// Appended to every app written by `gencourse export --cs` (no usings: they would have to precede the app's code).
#nullable enable

/// <summary>
/// The kernel's <c>display(...)</c> and <c>HTML(...)</c> for a console program. A value is written to the console as
/// text; a value that renders as HTML (a TypeFormatterSource text/html formatter, as the kit's figures and tables have,
/// or <c>HTML(...)</c>) is also saved as a page in the folder <c>&lt;app&gt;-outputs</c> next to the app. Library code
/// that shows live outputs (the kit's TrainingHistory) reaches the same display through the GenCourse display hook.
/// </summary>
static class NotebookHost
{
    static string outputs = "";
    static string launchFolder = "";
    static int saved;

    /// <summary>Runs the cells as the notebook ran them: in its folder, with library displays routed here.</summary>
    public static void Start(string notebookFolder)
    {
        var app = (string)AppContext.GetData("EntryPointFilePath")!;
        outputs = Path.Combine(Path.GetDirectoryName(app)!, Path.GetFileNameWithoutExtension(app) + "-outputs");
        launchFolder = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(Path.Combine(Path.GetDirectoryName(app)!, notebookFolder));
        AppDomain.CurrentDomain.SetData("GenCourse.Notebook.Display", (Func<object?, string?, object>)((value, mime) => display(value, mime is null ? [] : [mime])));
    }

    /// <summary>Shows a value; the handle's Update shows the new value in its place (its page is rewritten).</summary>
    public static Shown display(object? value, params string[] mimeTypes)
    {
        var shown = new Shown(++saved);
        shown.Update(value);
        return shown;
    }

    /// <summary>Markup to show as HTML.</summary>
    public static Html HTML(string markup) => new(markup);

    /// <summary>What <c>HTML(...)</c> returns.</summary>
    public sealed record Html(string Markup);

    /// <summary>A shown value; Update replaces it.</summary>
    public sealed class Shown(int number)
    {
        public void Update(object? value)
        {
            var html = value is Html markup ? markup.Markup : Format(value, "text/html");
            var text = value is Html ? null : Format(value, "text/plain") ?? Text(value);
            if (html is null)
            {
                Console.WriteLine(text);
                return;
            }
            Directory.CreateDirectory(outputs);
            var page = Path.Combine(outputs, $"output-{number}.html");
            File.WriteAllText(page, $"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n{html}\n</body></html>\n");
            Console.WriteLine($"{text}{(text is null ? "" : "  ")}[saved {Path.GetRelativePath(launchFolder, page)}]");
        }
    }

    static string Text(object? value) => value switch
    {
        null => "<null>",
        string text => text,
        System.Collections.IEnumerable items when value.GetType().GetMethod("ToString", Type.EmptyTypes)!.DeclaringType == typeof(object) =>
            "[ " + string.Join(", ", items.Cast<object?>().Select(Text)) + " ]",
        _ => value.ToString() ?? "",
    };

    /// <summary>How the GenCourse kit shows values (DataFrames and Plotly.NET charts too), when the app uses it.</summary>
    static readonly System.Reflection.MethodInfo? Kit = Type.GetType("GenCourse.Plotting.Notebook, GenCourse")?.GetMethod("Format", [typeof(object), typeof(string)]);

    /// <summary>The value as <paramref name="mimeType"/>, by the kit or through the TypeFormatterSource convention (matched by name); null when neither has that format.</summary>
    static string? Format(object? value, string mimeType)
    {
        if (Kit?.Invoke(null, [value, mimeType]) is string byKit) return byKit;
        for (var type = value?.GetType(); type is not null; type = type.BaseType)
        {
            var attribute = type.GetCustomAttributes(inherit: false).FirstOrDefault(a => a.GetType().Name == "TypeFormatterSourceAttribute");
            if (attribute?.GetType().GetProperty("FormatterSourceType")?.GetValue(attribute) is not Type sourceType) continue;
            if (sourceType.GetConstructor(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, Type.EmptyTypes) is null) return null;
            var source = Activator.CreateInstance(sourceType, nonPublic: true);
            var formatters = sourceType.GetMethod("CreateTypeFormatters")?.Invoke(source, null) as System.Collections.IEnumerable ?? Array.Empty<object>();
            foreach (var formatter in formatters)
            {
                if (formatter.GetType().GetProperty("MimeType")?.GetValue(formatter) as string != mimeType) continue;
                var writer = new StringWriter();
                if (formatter.GetType().GetMethod("Format", [typeof(object), typeof(TextWriter)])?.Invoke(formatter, [value, writer]) is true)
                    return writer.ToString();
            }
            return null;
        }
        return null;
    }
}
