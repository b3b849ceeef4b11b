using GenCourse.Notebooks.Documents;

namespace GenCourse.Notebooks.Tests;

public sealed class DibFormatTests
{
    [Fact]
    public void Parse_SplitsCellsAtKernelLines_KeepsMagicsAndTrimsBlankLines()
    {
        var text = """
            #!meta

            {"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"name":"csharp"},{"aliases":["js"],"name":"javascript"}]}}

            #!markdown

            # Title

            Some text.

            #!csharp

            #!time
            var x = 1;

            x + 1

            #!javascript
            console.log(1);
            """;

        var notebook = DibFormat.Parse(text, "/course/nb.dib");

        Assert.Equal([CellKind.Markdown, CellKind.Code, CellKind.Code], notebook.Cells.Select(c => c.Kind));
        Assert.Equal("# Title\n\nSome text.", notebook.Cells[0].Source);
        Assert.Equal("#!time\nvar x = 1;\n\nx + 1", notebook.Cells[1].Source);
        Assert.Equal(["csharp", "javascript"], notebook.Cells.Skip(1).Select(c => c.KernelName));
        Assert.True(notebook.IsCSharp(notebook.Cells[1]));
        Assert.False(notebook.IsCSharp(notebook.Cells[2]));
        Assert.Equal("javascript", notebook.Metadata["polyglot_notebook"]!["kernelInfo"]!["items"]![1]!["name"]!.GetValue<string>());
        Assert.Equal("Title", notebook.Title);
    }

    [Fact]
    public void Parse_WithoutHeader_DefaultsToCSharp()
    {
        var notebook = DibFormat.Parse("\n\nConsole.WriteLine(1);\n\n#!markdown\nText\n", "/course/plain.dib");

        Assert.Equal(2, notebook.Cells.Count);
        Assert.Equal("Console.WriteLine(1);", notebook.Cells[0].Source);
        Assert.True(notebook.IsCSharp(notebook.Cells[0]));
        Assert.Equal((CellKind.Markdown, "Text"), (notebook.Cells[1].Kind, notebook.Cells[1].Source));
        Assert.Equal(".net-csharp", notebook.Metadata["kernelspec"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_StartingWithAKernelLine_HasNoEmptyLeadingCell_AndAcceptsAliases()
    {
        var notebook = DibFormat.Parse("#!c#\nvar a = 1;\n#!md\nNotes\n#!fsharp\nlet b = 2\n", "/course/aliases.dib");

        Assert.Equal(["var a = 1;", "Notes", "let b = 2"], notebook.Cells.Select(c => c.Source));
        Assert.Equal([true, false, false], notebook.Cells.Select(notebook.IsCSharp));
        Assert.Equal(CellKind.Markdown, notebook.Cells[1].Kind);
    }

    [Fact]
    public void Run_ExecutesADibNotebook()
    {
        using var folder = new TempFolder();
        var path = folder.Write("lesson.dib", "#!csharp\nvar n = 20;\n\n#!markdown\n# Lesson\n\n#!csharp\nConsole.WriteLine(n + 1);\n");

        var result = new Execution.NotebookRunner(new()).Run(Notebook.Load(path));

        Assert.True(result.Passed, result.Failure?.Message);
        Assert.Equal("21\n", result.Stdout(2));
    }
}
