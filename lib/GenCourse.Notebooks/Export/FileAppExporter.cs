using System.Text;
using GenCourse.Notebooks.Documents;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenCourse.Notebooks.Export;

/// <summary>
/// Writes a notebook as a .NET 10 file-based app (<c>dotnet run app.cs</c>), the successor Microsoft names for C#
/// notebooks: markdown becomes comments; <c>#r "nuget: Name, Version"</c> becomes <c>#:package Name@Version</c> and
/// <c>#r "path/X.dll"</c> the <c>#:project</c> that builds X.dll; usings move to the top and type declarations to the
/// end (C# wants them there in a program); a cell's trailing expression becomes <c>display(...)</c>. The cells run
/// in the notebook's folder; <see cref="HostResource"/> supplies <c>display</c> and <c>HTML</c>, which print text and
/// save HTML outputs (figures, tables) as pages next to the app.
/// </summary>
internal static class FileAppExporter
{
    /// <summary>The embedded source of the NotebookHost class appended to every app.</summary>
    const string HostResource = "GenCourse.Notebooks.Export.NotebookHost.cs";

    static readonly string[] KernelUsings = ["System.Collections", "System.Text"];

    static readonly CSharpParseOptions Regular = new(LanguageVersion.Latest);

    /// <summary>The app's source for <paramref name="notebook"/>, to be written at <paramref name="appPath"/>.</summary>
    /// <exception cref="InvalidDataException">A cell cannot become C# in a file: the message names the cell and why.</exception>
    public static string Export(Notebook notebook, string appPath)
    {
        var appFolder = Path.GetDirectoryName(Path.GetFullPath(appPath))!;
        // As in the kernel: no nullable annotations; reflection-based display, so no native AOT (a file-based app's default).
        var directives = new List<string> { "#:property Nullable=disable", "#:property PublishAot=false" };
        var usings = KernelUsings.Select(name => $"using {name};").Append("using static NotebookHost;").ToList();
        var body = new StringBuilder();
        var types = new StringBuilder();
        var declared = new Dictionary<string, int>();
        var notebookFolder = Path.GetRelativePath(appFolder, Path.GetDirectoryName(notebook.Path)!).Replace('\\', '/');
        body.AppendLine($"NotebookHost.Start(\"{notebookFolder}\");   // the notebook's cells ran in its folder");
        int k = 0;
        for (int index = 1; index <= notebook.Cells.Count; index++)
        {
            var cell = notebook.Cells[index - 1];
            body.AppendLine();
            if (cell.Kind != CellKind.Code)
            {
                foreach (var line in cell.Source.ReplaceLineEndings("\n").Split('\n')) body.AppendLine(("// " + line).TrimEnd());
                continue;
            }
            if (notebook.UnsupportedKernel(cell) is { } kernel)
                throw new InvalidDataException($"cell {index} is a '{kernel}' cell; only C# cells become an app.");
            body.AppendLine($"// In [{++k}]");
            var code = TakeDirectives(cell.Source, index, Path.GetDirectoryName(notebook.Path)!, appFolder, directives);
            AddCode(code, index, usings, body, types, declared);
        }
        var host = new StreamReader(typeof(FileAppExporter).Assembly.GetManifestResourceStream(HostResource)!).ReadToEnd();
        return $"""
            // {Path.GetFileName(notebook.Path)} as a file-based app, written by `gencourse export --cs`. Run: dotnet run {Path.GetFileName(appPath)}
            {string.Join("\n", directives.Distinct())}

            {string.Join("\n", usings.Distinct())}

            {body.ToString().TrimEnd()}

            {types}{host}
            """.ReplaceLineEndings("\n");
    }

    /// <summary>
    /// Turns the cell's leading <c>#r</c> lines into app directives and returns the code after them. A <c>#!import</c> of a
    /// .dib (a notebook's engine line) is inlined: its <c>#r</c> lines become directives and its usings lead the code.
    /// </summary>
    static string TakeDirectives(string source, int index, string notebookFolder, string appFolder, List<string> directives)
    {
        var lines = source.ReplaceLineEndings("\n").Split('\n');
        var imported = new StringBuilder();
        int first = 0;
        for (; first < lines.Length; first++)
        {
            var line = lines[first].Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal) || line == "#!csharp" || line == "#!c#") continue;
            if (line.StartsWith("#r ", StringComparison.Ordinal)) directives.Add(Reference(line[3..].Trim().Trim('"'), index, notebookFolder, appFolder));
            else if (line.StartsWith("#!import ", StringComparison.Ordinal))
            {
                var file = Path.GetFullPath(Path.Combine(notebookFolder, line["#!import ".Length..].Trim().Trim('"')));
                if (!file.EndsWith(".dib", StringComparison.OrdinalIgnoreCase) || !File.Exists(file))
                    throw new InvalidDataException($"cell {index}: '{line}' imports {file}, which is not an existing .dib file");
                foreach (var cell in Notebook.Load(file).Cells.Where(c => c.Kind == CellKind.Code))
                    imported.AppendLine(TakeDirectives(cell.Source, index, notebookFolder, appFolder, directives));
            }
            else if (line.StartsWith('#') && !line.StartsWith("#region", StringComparison.Ordinal))
                throw new InvalidDataException($"cell {index}: '{line}' has no equivalent in a file-based app (only #r \"nuget: ...\" and #r of a project's DLL do).");
            else break;
        }
        return imported + string.Join("\n", lines.Where((line, i) => i >= first || !line.TrimStart().StartsWith('#')));
    }

    /// <summary><c>#:package</c> for a NuGet reference, <c>#:project</c> for the DLL a project builds.</summary>
    static string Reference(string reference, int index, string notebookFolder, string appFolder)
    {
        if (reference.StartsWith("nuget:", StringComparison.Ordinal))
        {
            var parts = reference["nuget:".Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return $"#:package {parts[0]}@{(parts.Length > 1 ? parts[1] : "*")}";
        }
        var dll = Path.GetFullPath(reference, notebookFolder);
        for (var folder = new DirectoryInfo(Path.GetDirectoryName(dll)!); folder?.Parent is not null; folder = folder.Parent)
            if (folder.Name == "bin" && folder.Parent.GetFiles("*.csproj") is [var project])
                return $"#:project {Path.GetRelativePath(appFolder, project.FullName).Replace('\\', '/')}";
        throw new InvalidDataException($"cell {index}: #r \"{reference}\" is not the output of a project (no bin/ folder below a .csproj); a file-based app can reference projects and packages only.");
    }

    /// <summary>Splits one cell's code into usings, statements (trailing expression displayed) and type declarations.</summary>
    static void AddCode(string code, int index, List<string> usings, StringBuilder body, StringBuilder types, Dictionary<string, int> declared)
    {
        var unit = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(DisplayTrailingExpression(code), Regular).GetRoot();
        usings.AddRange(unit.Usings.Select(u => u.ToString()));
        foreach (var member in unit.Members)
        {
            if (member is not GlobalStatementSyntax global)
            {
                types.AppendLine(member.ToFullString().Trim()).AppendLine();
                continue;
            }
            foreach (var name in DeclaredNames(global.Statement))
                if (!declared.TryAdd(name, index))
                    throw new InvalidDataException($"cell {index} declares '{name}' again (first in cell {declared[name]}); the kernel allows it, one C# file does not: rename one.");
            body.AppendLine(global.ToFullString().Trim('\n', '\r'));
        }
    }

    /// <summary>The code with its trailing expression (the cell's value, as the kernel's script parser sees it) wrapped in display(...).</summary>
    static string DisplayTrailingExpression(string code)
    {
        var script = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, Regular.WithKind(SourceCodeKind.Script)).GetRoot();
        if (script.Members.LastOrDefault() is not GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } result })
            return code;
        var expression = result.Expression;
        return code[..expression.SpanStart] + "display(" + expression.ToString() + ");" + code[expression.Span.End..];
    }

    static IEnumerable<string> DeclaredNames(StatementSyntax statement) => statement switch
    {
        LocalDeclarationStatementSyntax local => local.Declaration.Variables.Select(v => v.Identifier.Text),
        LocalFunctionStatementSyntax function => [function.Identifier.Text],
        ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: DeclarationExpressionSyntax declaration } } =>
            declaration.Designation.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>().Select(v => v.Identifier.Text),
        _ => [],
    };
}
