namespace GenCourse.Notebooks.Cli;

/// <summary>Expands the command's paths into notebooks: files as given, folders recursively in name order.</summary>
internal static class NotebookFinder
{
    public static IReadOnlyList<NotebookFile> Find(string command, IReadOnlyList<string> paths, IReadOnlyList<string> extensions)
    {
        var found = new List<NotebookFile>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                if (!extensions.Contains(Path.GetExtension(path).ToLowerInvariant()))
                    throw new UsageException(command, $"'{path}' is not a notebook (expected {string.Join(" or ", extensions)}).");
                found.Add(new NotebookFile(Path.GetFullPath(path), path, Path.GetFileNameWithoutExtension(path)));
            }
            else if (Directory.Exists(path))
                found.AddRange(InFolder(path, extensions));
            else
                throw new UsageException(command, $"'{path}' does not exist.");
        }
        var clash = found.GroupBy(file => file.Name).FirstOrDefault(group => group.Count() > 1);
        if (clash is not null)
            throw new UsageException(command, $"{string.Join(" and ", clash.Select(f => f.DisplayPath))} would both be written as '{clash.Key}'.");
        return found;
    }

    static IEnumerable<NotebookFile> InFolder(string folder, IReadOnlyList<string> extensions)
    {
        var root = Path.GetFullPath(folder);
        return Files(root)
            .Where(file => extensions.Contains(Path.GetExtension(file).ToLowerInvariant()))
            .Select(file => Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .Select(relative => new NotebookFile(
                Path.Combine(root, relative), Path.Combine(folder, relative), relative[..^Path.GetExtension(relative).Length]));
    }

    static IEnumerable<string> Files(string folder) =>
        Directory.EnumerateFiles(folder).Where(Visible)
            .Concat(Directory.EnumerateDirectories(folder).Where(Visible).SelectMany(Files));

    static bool Visible(string path) => !Path.GetFileName(path).StartsWith('.');
}
