using System.ComponentModel;
using System.Diagnostics;

namespace GenCourse.Notebooks.Site;

/// <summary>
/// The browser assets of the site, taken from the npm packages pinned in the repository's package.json
/// (plotly.js-dist-min, katex). When node_modules is missing it runs <c>npm ci</c> in the repository root.
/// </summary>
public static class SiteAssets
{
    const string Solution = "GenCourse.sln";

    /// <summary>The repository's node_modules folder, installed with <c>npm ci</c> first when it is missing.</summary>
    /// <exception cref="InvalidOperationException">No repository root, no npm, or npm ci failed; the message says what to do.</exception>
    public static string PrepareNodeModules()
    {
        var root = FindRepositoryRoot();
        var nodeModules = Path.Combine(root, "node_modules");
        if (!File.Exists(Path.Combine(nodeModules, "plotly.js-dist-min", "plotly.min.js")) ||
            !File.Exists(Path.Combine(nodeModules, "katex", "dist", "katex.min.js")))
            RunNpmCi(root);
        return nodeModules;
    }

    /// <summary>Copies plotly.min.js, KaTeX (script, auto-render, stylesheet, fonts) and site.css into <paramref name="assets"/>.</summary>
    public static void CopyTo(string assets, string nodeModules)
    {
        var katex = Path.Combine(nodeModules, "katex", "dist");
        Copy(Path.Combine(nodeModules, "plotly.js-dist-min", "plotly.min.js"), Path.Combine(assets, "plotly.min.js"));
        foreach (var file in (string[])["katex.min.js", "katex.min.css", "contrib/auto-render.min.js"])
            Copy(Path.Combine(katex, file), Path.Combine(assets, "katex", file));
        foreach (var font in Directory.EnumerateFiles(Path.Combine(katex, "fonts")))
            Copy(font, Path.Combine(assets, "katex", "fonts", Path.GetFileName(font)));

        using var css = typeof(SiteAssets).Assembly.GetManifestResourceStream("GenCourse.Notebooks.Site.site.css")!;
        using var target = File.Create(Path.Combine(assets, "site.css"));
        css.CopyTo(target);
    }

    static void Copy(string source, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target, overwrite: true);
    }

    static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, Solution))) return dir.FullName;
        throw new InvalidOperationException(
            $"Cannot find the GenCourse repository (a folder with {Solution}) above '{Directory.GetCurrentDirectory()}' or " +
            $"'{AppContext.BaseDirectory}'; the site needs its node_modules for plotly.js and KaTeX. Pass --no-site to skip the site.");
    }

    static void RunNpmCi(string root)
    {
        Console.Error.WriteLine($"Site assets missing: running 'npm ci' in {root} ...");
        Process npm;
        try
        {
            npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"]) { WorkingDirectory = root })!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"npm was not found ({e.Message}). The site needs plotly.js and KaTeX from npm: install Node.js/npm and run " +
                $"'npm ci' in {root}, or pass --no-site.", e);
        }
        npm.WaitForExit();
        if (npm.ExitCode != 0)
            throw new InvalidOperationException($"'npm ci' in {root} failed with exit code {npm.ExitCode}; see its output above, or pass --no-site.");
    }
}
