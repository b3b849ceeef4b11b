using System.Reflection;

namespace GenCourse.Plotting;

/// <summary>
/// Shows values in the notebook that runs this code, from library code as well as from cells: in the gencourse
/// runner (through the hook it registers), in VS Code Polyglot (through .NET Interactive's <c>Kernel.display</c>,
/// found by reflection), or on the console elsewhere. The returned handle updates that output in place.
/// </summary>
public static class Notebook
{
    /// <summary>AppDomain data name under which the gencourse runner registers Func&lt;object?, string?, object&gt; (value, mime) -> handle.</summary>
    public const string DisplayHook = "GenCourse.Notebook.Display";

    /// <summary>Displays <paramref name="value"/> and returns a handle whose Update replaces it.</summary>
    public static DisplayHandle Display(object? value, string? mimeType = null)
    {
        if (AppDomain.CurrentDomain.GetData(DisplayHook) is Func<object?, string?, object> hook)
            return new DisplayHandle(hook(value, mimeType));
        if (InteractiveDisplay() is MethodInfo display)
            return new DisplayHandle(display.Invoke(null, [value, mimeType is null ? Array.Empty<string>() : new[] { mimeType }]));
        Console.WriteLine(value is IRenderable r ? r.ToPlainText() : value?.ToString());
        return new DisplayHandle(null);
    }

    static MethodInfo? InteractiveDisplay() =>
        AppDomain.CurrentDomain.GetAssemblies()
            .Select(a => a.GetType("Microsoft.DotNet.Interactive.Kernel", throwOnError: false))
            .FirstOrDefault(t => t != null)
            ?.GetMethod("display", BindingFlags.Public | BindingFlags.Static, [typeof(object), typeof(string[])]);

    /// <summary>True when a notebook front end (the runner or .NET Interactive) is present, so output can update in place.</summary>
    public static bool IsInteractive =>
        AppDomain.CurrentDomain.GetData(DisplayHook) is Func<object?, string?, object> || InteractiveDisplay() != null;
}

/// <summary>A displayed output that can be replaced in place (progress, live training curves).</summary>
public sealed class DisplayHandle(object? inner)
{
    public void Update(object? value)
    {
        if (inner is null)
        {
            Console.WriteLine(value is IRenderable r ? r.ToPlainText() : value?.ToString());
            return;
        }
        var update = inner.GetType().GetMethod("Update", [typeof(object)])
            ?? throw new InvalidOperationException($"the display handle {inner.GetType().FullName} has no Update(object) method");
        update.Invoke(inner, [value]);
    }
}
