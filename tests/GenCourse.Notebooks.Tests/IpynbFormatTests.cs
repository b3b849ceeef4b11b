using System.Text.Json;
using GenCourse.Notebooks.Documents;

namespace GenCourse.Notebooks.Tests;

public sealed class IpynbFormatTests
{
    [Fact]
    public void Write_GivesNbformat45WithIdsOutputsAndTheOriginalMetadata()
    {
        using var folder = new TempFolder();
        var ipynb = TestNotebooks.Ipynb("md:# Title", "Console.WriteLine(\"hi\");\ndisplay(HTML(\"<b>x</b>\"));\n1 + 1")
            .Replace("\"cell_type\":\"markdown\"", "\"cell_type\":\"markdown\",\"id\":\"cell-2\"");
        var result = TestNotebooks.Run(folder, "nb.ipynb", ipynb);
        var written = Path.Combine(folder.Path, "out", "nb.ipynb");

        IpynbFormat.Write(result.Notebook, written);

        using var json = JsonDocument.Parse(File.ReadAllText(written));
        var root = json.RootElement;
        Assert.Equal((4, 5), (root.GetProperty("nbformat").GetInt32(), root.GetProperty("nbformat_minor").GetInt32()));
        Assert.Equal(".net-csharp", root.GetProperty("metadata").GetProperty("kernelspec").GetProperty("name").GetString());
        var cells = root.GetProperty("cells").EnumerateArray().ToList();
        var ids = cells.Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Equal("cell-2", ids[0]);
        Assert.Matches("^[a-zA-Z0-9-_]+$", ids[1]);
        Assert.NotEqual(ids[0], ids[1]);
        Assert.False(cells[0].TryGetProperty("outputs", out _));

        var code = cells[1];
        Assert.Equal("csharp", code.GetProperty("metadata").GetProperty("polyglot_notebook").GetProperty("kernelName").GetString());
        Assert.Equal(1, code.GetProperty("execution_count").GetInt32());
        var outputs = code.GetProperty("outputs").EnumerateArray().ToList();
        Assert.Equal(["stream", "display_data", "execute_result"], outputs.Select(o => o.GetProperty("output_type").GetString()));
        Assert.Equal("hi\n", string.Concat(outputs[0].GetProperty("text").EnumerateArray().Select(l => l.GetString())));
        Assert.Equal("<b>x</b>", string.Concat(outputs[1].GetProperty("data").GetProperty("text/html").EnumerateArray().Select(l => l.GetString())));
        Assert.Equal(1, outputs[2].GetProperty("execution_count").GetInt32());
        Assert.StartsWith("<div class=\"dni-plaintext\"><pre>2</pre></div>", outputs[2].GetProperty("data").GetProperty("text/html")[0].GetString());
    }

    [Fact]
    public void Read_AfterWrite_GivesBackSourcesAndOutputs()
    {
        using var folder = new TempFolder();
        var result = TestNotebooks.Run(folder, "nb.ipynb", TestNotebooks.Ipynb("Console.Write(\"line 1\\nline 2\");", "throw new InvalidOperationException(\"bad\");"));
        var written = Path.Combine(folder.Path, "executed.ipynb");
        IpynbFormat.Write(result.Notebook, written);

        var read = Notebook.Load(written);

        Assert.Equal(result.Notebook.Cells.Select(c => c.Source), read.Cells.Select(c => c.Source));
        Assert.Equal("line 1\nline 2", ((StreamOutput)read.Cells[0].Outputs.Snapshot().Single()).Text);
        var error = (ErrorOutput)read.Cells[1].Outputs.Snapshot().Single();
        Assert.Equal(("InvalidOperationException", "bad"), (error.Name, error.Value));
    }

    [Fact]
    public void Read_RejectsOtherNbformatVersionsWithTheFileName()
    {
        using var folder = new TempFolder();
        var path = folder.Write("old.ipynb", "{\"nbformat\": 3, \"worksheets\": []}");

        var error = Assert.Throws<InvalidDataException>(() => Notebook.Load(path));

        Assert.Contains("old.ipynb", error.Message);
        Assert.Contains("nbformat 3", error.Message);
    }
}
