using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace GenCourse.Notebooks.Execution;

/// <summary>
/// One notebook's Roslyn scripting session: each cell is a submission chained on the previous state, so
/// variables, methods and classes carry over. <c>#r</c> and <c>#load</c> resolve relative to the notebook's folder.
/// Cells compile in Debug: the JIT then keeps exact line numbers for a failure's "line n" (optimized code loses
/// them for faults inside the cell body); measured cost on a hot loop in a cell is about 10%.
/// </summary>
internal sealed class ScriptSession
{
    /// <summary>The .NET Interactive C# kernel's default usings.</summary>
    static readonly string[] DefaultUsings =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    /// <summary>The whole shared framework, as an SDK project sees it (Roslyn's script defaults lack even System.Linq).</summary>
    static readonly Lazy<MetadataReference[]> FrameworkReferences = new(() =>
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        return ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(file => Path.GetDirectoryName(file) == runtimeDirectory)
            .Select(file => (MetadataReference)MetadataReference.CreateFromFile(file))
            .ToArray();
    });

    readonly NotebookGlobals globals = new();
    readonly ScriptOptions options;
    ScriptState<object>? state;

    public ScriptSession(string notebookPath)
    {
        var folder = Path.GetDirectoryName(notebookPath)!;
        options = ScriptOptions.Default
            .WithReferences(FrameworkReferences.Value)
            .WithImports(DefaultUsings)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(folder))
            .WithSourceResolver(new SourceFileResolver([], folder))
            .WithOptimizationLevel(OptimizationLevel.Debug)
            .WithEmitDebugInformation(true)
            .WithFileEncoding(Encoding.UTF8);
    }

    /// <summary>The pseudo file name of a cell: stack frames and diagnostics use it to say which cell a line is in.</summary>
    public static string CellPath(string notebookPath, int cellIndex) => $"{notebookPath}#cell{cellIndex}";

    /// <summary>Compiles and runs one cell; returns the value of its trailing expression (null when there is none).</summary>
    /// <exception cref="CompilationErrorException">The cell does not compile.</exception>
    public object? Run(string code, string cellPath, CancellationToken cancellation)
    {
        var cellOptions = options.WithFilePath(cellPath);
        var script = state is null
            ? CSharpScript.Create<object>(code, cellOptions, typeof(NotebookGlobals))
            : state.Script.ContinueWith<object>(code, cellOptions);
        var run = state is null ? script.RunAsync(globals, cancellation) : script.RunFromAsync(state, cancellation);
        state = run.GetAwaiter().GetResult();
        return state.ReturnValue;
    }
}
