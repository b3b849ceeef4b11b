namespace GenCourse.Notebooks.Site;

/// <summary>
/// Writes the offline HTML site: <c>index.html</c>, one page per notebook and <c>assets/</c> (plotly.js, KaTeX and
/// the stylesheet), so it opens from file:// without a network.
/// </summary>
/// <param name="nodeModules">The node_modules folder holding plotly.js-dist-min and katex (see <see cref="SiteAssets"/>).</param>
public sealed class SiteWriter(string nodeModules)
{
    /// <summary>Writes the site for the pages, in the given (course) order.</summary>
    /// <returns>The path of index.html.</returns>
    public string Write(string siteDirectory, IReadOnlyList<SitePage> pages)
    {
        Directory.CreateDirectory(siteDirectory);
        SiteAssets.CopyTo(Path.Combine(siteDirectory, "assets"), nodeModules);
        for (int i = 0; i < pages.Count; i++)
        {
            var file = Path.Combine(siteDirectory, pages[i].FileName);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, NotebookPage.Render(pages[i], i > 0 ? pages[i - 1] : null, i + 1 < pages.Count ? pages[i + 1] : null));
        }
        var index = Path.Combine(siteDirectory, "index.html");
        File.WriteAllText(index, IndexPage.Render(pages));
        return index;
    }
}
