namespace GenCourse.Data;

/// <summary>
/// Finds the kit's <c>data/</c> folder. Without an explicit root it tries, in order: the folder named by the
/// <c>GENCOURSE_DATA</c> environment variable, then a <c>data/</c> folder in the current directory or any of its
/// parents (notebooks run in <c>notebooks/</c>), then the same walk up from the GenCourse assembly's location.
/// </summary>
public static class DataFolder
{
    /// <summary>Environment variable that points at a data folder (the folder that holds <c>fashion-mnist/</c>, <c>digits/</c>).</summary>
    public const string EnvironmentVariable = "GENCOURSE_DATA";

    /// <summary>
    /// The full path of <paramref name="relativePath"/> (e.g. <c>digits/digits.csv.gz</c>) inside the data folder.
    /// With <paramref name="root"/> only that folder is searched. Throws <see cref="FileNotFoundException"/>
    /// listing where it looked, followed by <paramref name="howToGet"/>.
    /// </summary>
    public static string Locate(string relativePath, string? root = null, string howToGet = "")
    {
        var looked = new List<string>();
        foreach (var candidate in Candidates(root))
        {
            var path = Path.GetFullPath(Path.Combine(candidate, relativePath));
            if (File.Exists(path)) return path;
            looked.Add(path);
        }
        throw new FileNotFoundException(
            $"data file '{relativePath}' not found. Looked at:\n  {string.Join("\n  ", looked.Distinct())}\n" +
            $"{howToGet}{(howToGet.Length > 0 ? "\n" : "")}" +
            $"Pass the data folder explicitly (root: \"path/to/data\") or set {EnvironmentVariable}.",
            relativePath);
    }

    /// <summary>Data folders to try, most specific first.</summary>
    static IEnumerable<string> Candidates(string? root)
    {
        if (root != null)
        {
            yield return root;
            yield break;
        }
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
            yield return fromEnvironment;
        var assemblyLocation = typeof(DataFolder).Assembly.Location;
        var starts = new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory, Path.GetDirectoryName(assemblyLocation) };
        foreach (var start in starts.Where(s => !string.IsNullOrEmpty(s)).Distinct())
            for (var dir = new DirectoryInfo(start!); dir != null; dir = dir.Parent)
                yield return Path.Combine(dir.FullName, "data");
    }
}
