namespace GenCourse.Notebooks.Formatting;

/// <summary>One formatter found through a TypeFormatterSource: writes a value as one MIME type.</summary>
/// <param name="MimeType">The MIME type it produces.</param>
/// <param name="Format">Writes the value; returns false when it has nothing to say.</param>
internal sealed record MimeFormatter(string MimeType, Func<object, TextWriter, bool> Format);
