namespace GenCourse.Plotting;

/// <summary>
/// Marks a type that renders in notebooks. .NET Interactive (VS Code Polyglot) and the gencourse runner both
/// find this attribute by its name, create <see cref="FormatterSourceType"/> and call its
/// <c>CreateTypeFormatters()</c>; so the kit renders the same way without referencing .NET Interactive.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;

    public string[] PreferredMimeTypes { get; set; } = [];
}
