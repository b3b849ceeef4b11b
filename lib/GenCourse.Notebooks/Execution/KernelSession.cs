using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace GenCourse.Notebooks.Execution;

/// <summary>
/// One notebook's .NET Interactive kernel, in-process and set up like VS Code Polyglot's: a CompositeKernel holding the
/// C# kernel, with <c>#r "nuget: Name, Version"</c>, <c>display(...)</c>/<c>HTML(...)</c> (<c>using static
/// Microsoft.DotNet.Interactive.Kernel</c>) and text/html as the default MIME type. Kernel extensions shipped in packages
/// are not loaded, and of the <c>#!</c> magic commands only <c>#!csharp</c> and <c>#!import</c> exist here.
/// One addition: each cell compiles with debug information under its own file name (<see cref="CellPath"/>), so an
/// exception's stack trace names the cell and the line.
/// </summary>
internal sealed class KernelSession : IDisposable
{
    /// <summary>The C# kernel's script options, not public: set by reflection (the package version is pinned); when a
    /// later version renames it, cells simply run without line numbers.</summary>
    static readonly FieldInfo? ScriptOptionsField = typeof(CSharpKernel).GetField("_scriptOptions", BindingFlags.NonPublic | BindingFlags.Instance);

    /// <summary>
    /// Every assembly restored by <c>#r "nuget:"</c> in this process, by name. Notebooks run one after another in one
    /// process, and a package an earlier notebook's kernel loaded stays loaded after that kernel (and the resolver it
    /// registered) is gone: its dependencies must still resolve when a later notebook needs them.
    /// </summary>
    static readonly ConcurrentDictionary<string, string> Restored = new();

    readonly CSharpKernel csharp;
    readonly CompositeKernel kernel;

    static KernelSession() => AssemblyLoadContext.Default.Resolving += (context, name) =>
        name.Name is { } simpleName && Restored.TryGetValue(simpleName, out var path) ? context.LoadFromAssemblyPath(path) : null;

    public KernelSession()
    {
        Formatter.DefaultMimeType = "text/html";
        csharp = new CSharpKernel().UseKernelHelpers();
        csharp.UseNugetDirective((target, packages) =>
        {
            var paths = packages.SelectMany(package => package.AssemblyPaths).ToList();
            foreach (var path in paths) Restored[Path.GetFileNameWithoutExtension(path)] = path;
            target.AddAssemblyReferences(paths);
            return Task.CompletedTask;
        }, forceRestore: false);
        kernel = new CompositeKernel { csharp };
        kernel.DefaultKernelName = csharp.Name;
        // #!import FILE runs another notebook's cells in this kernel: a notebook's engine line (#!import ../lib/Engines/embedded.dib).
        kernel.UseImportMagicCommand();
    }

    /// <summary>Everything the kernel reports: console text, displays, return values, diagnostics, failures.</summary>
    public IObservable<KernelEvent> Events => kernel.KernelEvents;

    /// <summary>The file name a cell compiles under: stack frames and diagnostics use it to say which cell a line is in.</summary>
    public static string CellPath(string notebookPath, int cellIndex) => $"{notebookPath}#cell{cellIndex}";

    /// <summary>Submits one cell; the task ends when the kernel has handled it (its events are published by then).</summary>
    public Task<KernelCommandResult> SubmitAsync(string code, string cellPath)
    {
        if (ScriptOptionsField?.GetValue(csharp) is ScriptOptions options)
            ScriptOptionsField.SetValue(csharp, options.WithEmitDebugInformation(true).WithFileEncoding(Encoding.UTF8).WithFilePath(cellPath));
        return Task.Run(() => kernel.SendAsync(new SubmitCode(code)));
    }

    public void Dispose() => kernel.Dispose();
}
