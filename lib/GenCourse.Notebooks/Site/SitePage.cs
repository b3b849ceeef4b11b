using GenCourse.Notebooks.Documents;

namespace GenCourse.Notebooks.Site;

/// <summary>One notebook page of the site.</summary>
/// <param name="Notebook">The executed notebook.</param>
/// <param name="Name">Path of the page below the site folder, without extension, '/'-separated (e.g. "03_vae", "homework/hw1").</param>
/// <param name="Elapsed">How long the run took, when known.</param>
/// <param name="Passed">False when a cell failed.</param>
public sealed record SitePage(Notebook Notebook, string Name, TimeSpan? Elapsed, bool Passed)
{
    /// <summary>The notebook's first markdown heading, else its file name.</summary>
    public string Title => Notebook.Title ?? Path.GetFileName(Notebook.Path);

    /// <summary>The page's file relative to the site folder.</summary>
    public string FileName => Name + ".html";

    /// <summary>A relative URL from this page to another file given relative to the site folder.</summary>
    public string LinkTo(string siteRelativePath)
    {
        var depth = Name.Count(c => c == '/');
        return string.Concat(Enumerable.Repeat("../", depth)) + siteRelativePath;
    }
}
