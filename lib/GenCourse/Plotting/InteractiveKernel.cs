using System.Reflection;

namespace GenCourse.Plotting;

/// <summary>
/// The .NET Interactive kernel the kit runs in (VS Code Polyglot, <c>gencourse run</c>), reached by reflection so the kit
/// does not reference it. A display is published through the current KernelInvocationContext under an id the kit
/// chooses, and every update under that same id: the kernel's own <c>display(x).Update(y)</c> publishes the update
/// under another id, so VS Code shows it as a second output.
/// </summary>
internal static class InteractiveKernel
{
    const string Interactive = "Microsoft.DotNet.Interactive";

    sealed record Api(PropertyInfo Current, PropertyInfo Command, MethodInfo Publish, MethodInfo Format, ConstructorInfo Produced,
        ConstructorInfo Updated, MethodInfo Register);

    static readonly Lazy<Api?> Kernel = new(Find);

    /// <summary>True in a process that hosts a .NET Interactive kernel.</summary>
    public static bool IsLoaded => Kernel.Value is not null;

    /// <summary>True while a kernel command (a cell) is running on this logical thread.</summary>
    public static bool IsRunning => Kernel.Value is { } api && api.Current.GetValue(null) is not null;

    /// <summary>Shows the value in the running cell, as <paramref name="mimeTypes"/> (all its formats when empty); null outside a kernel.</summary>
    public static DisplayHandle? Display(object? value, string[] mimeTypes)
    {
        if (Kernel.Value is not { } api || api.Current.GetValue(null) is not { } context) return null;
        var id = Guid.NewGuid().ToString("N");
        Publish(api, context, api.Produced.Invoke([value, api.Command.GetValue(context), Format(api, value, mimeTypes), id]));
        return new DisplayHandle(next =>
        {
            // A later cell may update the output: publish through the context that runs now, as the kernel itself does.
            var now = api.Current.GetValue(null) ?? context;
            Publish(api, now, api.Updated.Invoke([next, id, api.Command.GetValue(now), Format(api, next, mimeTypes)]));
        });
    }

    /// <summary>
    /// Registers text/html and text/plain formatters from <see cref="Notebook.Format"/> for a type the kit does not own
    /// (so cannot mark with a TypeFormatterSource); a format that throws shows what failed instead (<see cref="MimeFormatter"/>).
    /// Does nothing outside a kernel.
    /// </summary>
    public static void RegisterFormatters(Type type)
    {
        if (Kernel.Value is not { } api) return;
        foreach (var mimeType in (string[])["text/html", "text/plain"])
        {
            var formatter = new MimeFormatter(type, mimeType, value => Notebook.Format(value, mimeType)!);
            api.Register.Invoke(null, [type, (Action<object, TextWriter>)((value, writer) => formatter.Format(value, writer)), mimeType]);
        }
    }

    static object Format(Api api, object? value, string[] mimeTypes) => api.Format.Invoke(null, [value, mimeTypes])!;

    static void Publish(Api api, object context, object kernelEvent) => api.Publish.Invoke(context, [kernelEvent]);

    static Api? Find()
    {
        var assemblies = AppDomain.CurrentDomain.GetAssemblies();
        var core = assemblies.FirstOrDefault(a => a.GetName().Name == Interactive);
        var formatting = assemblies.FirstOrDefault(a => a.GetName().Name == Interactive + ".Formatting");
        if (core is null || formatting is null) return null;
        var context = core.GetType(Interactive + ".KernelInvocationContext", throwOnError: true)!;
        var kernelEvent = core.GetType(Interactive + ".Events.KernelEvent", throwOnError: true)!;
        var command = core.GetType(Interactive + ".Commands.KernelCommand", throwOnError: true)!;
        var formattedValue = formatting.GetType(Interactive + ".Formatting.FormattedValue", throwOnError: true)!;
        var values = typeof(IReadOnlyCollection<>).MakeGenericType(formattedValue);
        return new Api(
            context.GetProperty("Current", BindingFlags.Public | BindingFlags.Static)!,
            context.GetProperty("Command")!,
            context.GetMethod("Publish", [kernelEvent])!,
            formattedValue.GetMethod("CreateManyFromObject", [typeof(object), typeof(string[])])!,
            core.GetType(Interactive + ".Events.DisplayedValueProduced", throwOnError: true)!.GetConstructor([typeof(object), command, values, typeof(string)])!,
            core.GetType(Interactive + ".Events.DisplayedValueUpdated", throwOnError: true)!.GetConstructor([typeof(object), typeof(string), command, values])!,
            formatting.GetType(Interactive + ".Formatting.Formatter", throwOnError: true)!
                .GetMethod("Register", [typeof(Type), typeof(Action<object, TextWriter>), typeof(string)])!);
    }
}
