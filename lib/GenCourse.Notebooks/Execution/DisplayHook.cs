namespace GenCourse.Notebooks.Execution;

/// <summary>
/// Lets library code show and update notebook output without referencing the runner. While the runner executes
/// a notebook, <c>AppDomain.CurrentDomain.GetData("GenCourse.Notebook.Display")</c> is a
/// <c>Func&lt;object?, string?, object&gt;</c>: call it with (value, MIME type or null for all the value's formats);
/// it shows the value in the running cell and returns a handle whose public <c>Update(object)</c> method replaces
/// that output in place. Outside the runner the data is absent (in VS Code, use
/// <c>Microsoft.DotNet.Interactive.Kernel.display</c> instead).
/// </summary>
public static class DisplayHook
{
    /// <summary>The AppDomain data name under which the display function is registered.</summary>
    public const string DataName = "GenCourse.Notebook.Display";

    /// <summary>Registers the display function (idempotent).</summary>
    public static void Install() => AppDomain.CurrentDomain.SetData(DataName, (Func<object?, string?, object>)Display);

    static object Display(object? value, string? mimeType) => CellContext.Require().Display(value, mimeType is null ? [] : [mimeType]);
}
