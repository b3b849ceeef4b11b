namespace GenCourse.Plotting;

/// <summary>Something that can write itself as HTML and as plain text (figures, image grids, tables, tensors).</summary>
public interface IRenderable
{
    string ToHtml();

    string ToPlainText();
}

/// <summary>
/// One formatter in the .NET Interactive convention: a MIME type and a Format method (matched by name, not by interface).
/// A format function that throws does not fail the cell (the kernel would): the output says, as text, what could not be shown.
/// </summary>
public sealed class MimeFormatter(Type type, string mimeType, Func<object, string> format)
{
    public Type Type { get; } = type;

    public string MimeType { get; } = mimeType;

    public bool Format(object instance, TextWriter writer)
    {
        if (!Type.IsInstanceOfType(instance)) return false;
        string text;
        try
        {
            text = format(instance);
        }
        catch (Exception e)
        {
            var message = $"{instance.GetType().Name} could not be shown as {MimeType}: {e.GetType().Name}: {e.Message}";
            text = MimeType == "text/html" ? "<pre>" + System.Net.WebUtility.HtmlEncode(message) + "</pre>" : message;
        }
        writer.Write(text);
        return true;
    }
}

/// <summary>Formatter source for every <see cref="IRenderable"/> kit type: text/html and text/plain.</summary>
public sealed class RenderableFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new MimeFormatter(typeof(IRenderable), "text/html", o => ((IRenderable)o).ToHtml()),
        new MimeFormatter(typeof(IRenderable), "text/plain", o => ((IRenderable)o).ToPlainText()),
    ];
}

/// <summary>Formatter source for tensors: the PyTorch-style printout, as text and as preformatted HTML.</summary>
public sealed class TensorFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new MimeFormatter(typeof(Tensor), "text/html", o => "<pre>" + System.Net.WebUtility.HtmlEncode(o.ToString()) + "</pre>"),
        new MimeFormatter(typeof(Tensor), "text/plain", o => o.ToString()!),
    ];
}
