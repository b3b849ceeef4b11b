using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace GenCourse.Notebooks.Formatting;

/// <summary>
/// Finds a type's formatters the way .NET Interactive does, by name and reflection: an attribute whose class is
/// named <c>TypeFormatterSourceAttribute</c> on the type or a base type names a source type; the source's
/// <c>CreateTypeFormatters()</c> yields objects with <c>MimeType</c> and <c>bool Format(object, TextWriter)</c>.
/// </summary>
internal static class TypeFormatters
{
    const string AttributeName = "TypeFormatterSourceAttribute";
    static readonly ConcurrentDictionary<Type, IReadOnlyList<MimeFormatter>> Cache = new();

    /// <summary>The type's formatters, preferred MIME types first; empty when it declares none.</summary>
    public static IReadOnlyList<MimeFormatter> For(Type type) => Cache.GetOrAdd(type, Discover);

    static IReadOnlyList<MimeFormatter> Discover(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            var attribute = t.GetCustomAttributes(inherit: false).FirstOrDefault(a => a.GetType().Name == AttributeName);
            if (attribute is not null) return FromAttribute(attribute, t, type);
        }
        return [];
    }

    static IReadOnlyList<MimeFormatter> FromAttribute(object attribute, Type declaringType, Type valueType)
    {
        var where = $"{AttributeName} on {declaringType.FullName}";
        var sourceType = Property(attribute, "FormatterSourceType") as Type
            ?? throw new InvalidOperationException($"{where}: FormatterSourceType is missing or null.");
        var preferred = (Property(attribute, "PreferredMimeTypes") as IEnumerable<string> ?? []).ToList();
        var source = Activator.CreateInstance(sourceType, nonPublic: true)!;
        var create = sourceType.GetMethod("CreateTypeFormatters", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)
            ?? throw new InvalidOperationException($"{where}: {sourceType.FullName} has no public CreateTypeFormatters() method.");
        var formatters = create.Invoke(source, BindingFlags.DoNotWrapExceptions, null, null, null) as IEnumerable
            ?? throw new InvalidOperationException($"{where}: {sourceType.FullName}.CreateTypeFormatters() returned no sequence.");

        var found = formatters.Cast<object>()
            .Where(formatter => Property(formatter, "Type") is not Type handled || handled.IsAssignableFrom(valueType))
            .Select(formatter => Wrap(formatter, where))
            .ToList();
        return found.OrderBy(f => preferred.IndexOf(f.MimeType) is var i && i < 0 ? int.MaxValue : i).ToList();
    }

    static MimeFormatter Wrap(object formatter, string where)
    {
        var type = formatter.GetType();
        var mimeType = Property(formatter, "MimeType") as string
            ?? throw new InvalidOperationException($"{where}: formatter {type.FullName} has no MimeType.");
        var format = type.GetMethod("Format", BindingFlags.Public | BindingFlags.Instance, [typeof(object), typeof(TextWriter)])
            ?? throw new InvalidOperationException($"{where}: formatter {type.FullName} has no public bool Format(object, TextWriter).");
        return new MimeFormatter(mimeType, (value, writer) =>
            format.Invoke(formatter, BindingFlags.DoNotWrapExceptions, null, [value, writer], null) is true);
    }

    static object? Property(object target, string name) =>
        target.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)?.GetValue(target);
}
