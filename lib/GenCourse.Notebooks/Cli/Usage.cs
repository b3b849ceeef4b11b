namespace GenCourse.Notebooks.Cli;

/// <summary>The help texts.</summary>
internal static class Usage
{
    public const string Main = """
        gencourse - run and publish the GenCourse notebooks

        Usage:
          gencourse run [NOTEBOOK|FOLDER ...] [options]     execute notebooks; write executed .ipynb files and the HTML site
          gencourse export NOTEBOOK|FOLDER ... [--out DIR]  HTML pages from notebooks that already hold outputs
          gencourse export --cs NOTEBOOK ... [--out DIR]    notebooks as file-based apps (dotnet run NAME.cs)
          gencourse COMMAND --help                          options of a command

        """;

    public const string Run = """
        Usage: gencourse run [NOTEBOOK|FOLDER ...] [options]

        Executes the code cells of each .ipynb / .dib notebook in order, in one .NET Interactive C# kernel per
        notebook (the kernel of VS Code Polyglot; #r "nuget: Name, Version" works), with the notebook's folder as
        working directory. Folders are searched recursively in file name order (names starting with '.' are skipped).
        Default: notebooks. A failing cell (compile error, exception, timeout, unresolvable #r, a cell for another
        kernel) stops its notebook; the others still run.

        Options:
          --profile quick|full   budget profile, visible to cells as GENCOURSE_PROFILE (default: quick)
          --backend NAME         engine: embedded (default) or torchsharp; points each notebook's engine line
                                 (#!import ../lib/Engines/embedded.dib) at NAME.dib (default: $GENCOURSE_BACKEND)
          --out DIR              output folder (default: out): DIR/notebooks/<name>.ipynb and <name>.figures.json
                                 (the key figures of Expect.InRange), DIR/site/index.html
          --timeout SECONDS      longest one cell may run before its notebook is stopped (default: 600)
          --no-site              write the executed notebooks only, not the HTML site
          -h, --help             show this help

        Exit code: 0 when every notebook passed, 1 when one failed, 2 for a usage error.

        """;

    public const string Export = """
        Usage: gencourse export NOTEBOOK|FOLDER ... [--out DIR]
               gencourse export --cs NOTEBOOK|FOLDER ... [--out DIR]

        Writes the HTML site (index.html, one page per notebook, assets/) from .ipynb files that were already
        executed, e.g. by 'gencourse run --no-site'.
        With --cs, writes each notebook as a .NET 10 file-based app DIR/NAME.cs instead: markdown as comments,
        #r "nuget: ..." as #:package, #r of a project's DLL as #:project; run it with 'dotnet run DIR/NAME.cs'.
        Outputs are printed; figures and tables are also saved as HTML pages in DIR/NAME-outputs/.

        Options:
          --cs                   write file-based apps instead of the site
          --out DIR              site folder (default: out/site), or the apps' folder with --cs (default: out/cs)
          -h, --help             show this help

        """;
}
