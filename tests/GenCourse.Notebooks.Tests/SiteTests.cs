namespace GenCourse.Notebooks.Tests;

public sealed class SiteTests
{
    static readonly string Smoke = Path.Combine(AppContext.BaseDirectory, "Notebooks", "smoke.ipynb");

    [Fact]
    public void Run_SmokeNotebook_WritesExecutedNotebookAndOfflineSite()
    {
        using var folder = new TempFolder();
        var notebooks = Path.Combine(folder.Path, "notebooks");
        Directory.CreateDirectory(notebooks);
        File.Copy(Smoke, Path.Combine(notebooks, "smoke.ipynb"));
        var output = Path.Combine(folder.Path, "out");

        var (code, _, stderr) = TestNotebooks.Cli(["run", notebooks, "--out", output]);

        Assert.True(code == 0, stderr);
        var site = Path.Combine(output, "site");
        foreach (var file in (string[])["index.html", "smoke.html", "assets/plotly.min.js", "assets/site.css", "assets/katex/katex.min.js",
                     "assets/katex/katex.min.css", "assets/katex/contrib/auto-render.min.js", "assets/katex/fonts/KaTeX_Main-Regular.woff2"])
            Assert.True(File.Exists(Path.Combine(site, file)), $"missing {file}");
        Assert.True(File.Exists(Path.Combine(output, "notebooks", "smoke.ipynb")));

        var page = File.ReadAllText(Path.Combine(site, "smoke.html"));
        Assert.Contains("<title>Smoke test for the runner</title>", page);
        Assert.True(page.IndexOf("<script src=\"assets/plotly.min.js\"></script>") < page.IndexOf("class=\"outputs\""), "plotly.js must load before outputs");
        Assert.Contains("\\[\n\\log p(x) \\ge \\mathbb{E}_{q(z|x)}", page);
        Assert.Contains("<span class=\"math\">\\(z \\sim \\mathcal{N}(0, I)\\)</span>", page);
        Assert.Contains("<pre class=\"output stream stdout\">squares: 1, 4, 9, 16\n</pre>", page);
        Assert.Contains("<div class=\"output html\"><div id=\"smoke-target\"></div><script>document.getElementById('smoke-target')", page);
        Assert.Contains("<div class=\"output html\"><div class=\"dni-plaintext\"><pre>30</pre></div>", page);
        Assert.Contains("var squares = Enumerable.Range(1, 4).Select(i =&gt; i * i).ToArray();", page);
        Assert.DoesNotContain("src=\"http", page);
        Assert.DoesNotContain("href=\"http", page);

        var index = File.ReadAllText(Path.Combine(site, "index.html"));
        Assert.Contains("<a href=\"smoke.html\">Smoke test for the runner</a>", index);
        Assert.Contains("&#10003; passed", index);
    }

    [Fact]
    public void Export_FailedNotebook_ShowsTheErrorAndAFailMark()
    {
        using var folder = new TempFolder();
        folder.Write("nbs/01_bad.ipynb", TestNotebooks.Ipynb("md:# Bad one", "throw new ArgumentException(\"shape [2, 3] <> [3]\");"));
        folder.Write("nbs/homework/hw1.ipynb", TestNotebooks.Ipynb("md:# Homework 1", "Console.WriteLine(\"ok\");"));
        var output = Path.Combine(folder.Path, "out");
        var (code, _, _) = TestNotebooks.Cli(["run", Path.Combine(folder.Path, "nbs"), "--out", output, "--no-site"]);
        Assert.Equal(1, code);
        var site = Path.Combine(folder.Path, "site");

        (code, _, var stderr) = TestNotebooks.Cli(["export", Path.Combine(output, "notebooks"), "--out", site]);

        Assert.True(code == 0, stderr);
        var page = File.ReadAllText(Path.Combine(site, "01_bad.html"));
        Assert.Contains("<div class=\"output error\"><strong>ArgumentException</strong>: shape [2, 3] &lt;&gt; [3]", page);
        var homework = File.ReadAllText(Path.Combine(site, "homework", "hw1.html"));
        Assert.Contains("<script src=\"../assets/plotly.min.js\"></script>", homework);
        Assert.Contains("<a href=\"../index.html\">Index</a>", homework);
        var index = File.ReadAllText(Path.Combine(site, "index.html"));
        Assert.Contains("<tr class=\"failed\"><td class=\"mark\">&#10007; failed</td><td><a href=\"01_bad.html\">Bad one</a>", index);
        Assert.True(index.IndexOf("01_bad.html") < index.IndexOf("homework/hw1.html"), "course order is file name order");
    }
}
