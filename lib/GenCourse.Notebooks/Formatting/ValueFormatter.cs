using System.Collections;
using System.Net;
using GenCourse.Notebooks.Execution;

namespace GenCourse.Notebooks.Formatting;

/// <summary>
/// Turns a value into a MIME bundle (MIME type to text). Types with a TypeFormatterSource give every format
/// their formatters offer; HTML(...) gives text/html; anything else is text/plain.
/// </summary>
internal static class ValueFormatter
{
    /// <summary>.NET Interactive shows at most this many items of a sequence.</summary>
    const int SequenceLimit = 20;

    /// <summary>Formats a value, restricted to <paramref name="mimeTypes"/> when any are given.</summary>
    public static IReadOnlyDictionary<string, string> Format(object? value, IReadOnlyList<string> mimeTypes)
    {
        var offered = Offered(value);
        if (mimeTypes.Count == 0) return offered;
        var bundle = new OrderedDictionary<string, string>();
        foreach (var mime in mimeTypes)
            bundle[mime] = offered.TryGetValue(mime, out var content) ? content : Fallback(value, mime);
        return bundle;
    }

    static OrderedDictionary<string, string> Offered(object? value)
    {
        var bundle = new OrderedDictionary<string, string>();
        switch (value)
        {
            case HtmlContent html:
                bundle["text/html"] = html.ToString();
                break;
            case null or string:
                break;
            default:
                foreach (var formatter in TypeFormatters.For(value.GetType()))
                {
                    if (bundle.ContainsKey(formatter.MimeType)) continue;
                    var writer = new StringWriter();
                    if (formatter.Format(value, writer)) bundle[formatter.MimeType] = writer.ToString();
                }
                break;
        }
        if (bundle.Count == 0) bundle["text/plain"] = PlainText(value);
        return bundle;
    }

    /// <summary>A value shown as a MIME type it has no formatter for: a string is taken as already in that format.</summary>
    static string Fallback(object? value, string mimeType) => value switch
    {
        string text => text,
        _ when mimeType == "text/html" => $"<pre>{WebUtility.HtmlEncode(PlainText(value))}</pre>",
        _ => PlainText(value),
    };

    static string PlainText(object? value) => value switch
    {
        null => "<null>",
        string text => text,
        IEnumerable sequence when IsSimpleSequence(sequence.GetType()) => Summarize(sequence),
        _ => value.ToString() ?? value.GetType().Name,
    };

    /// <summary>"[ 1, 2, 3 ]", like .NET Interactive's plain-text summary of a sequence of simple values.</summary>
    static string Summarize(IEnumerable sequence)
    {
        var items = sequence.Cast<object?>().Take(SequenceLimit + 1).Select(PlainText).ToList();
        if (items.Count > SequenceLimit) items[SequenceLimit] = "...";
        return items.Count == 0 ? "[ ]" : $"[ {string.Join(", ", items)} ]";
    }

    static bool IsSimpleSequence(Type type)
    {
        var element = type.IsArray ? type.GetElementType() : type.GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        return element is not null && (element.IsPrimitive || element.IsEnum || element == typeof(string) || element == typeof(decimal));
    }
}
