namespace GenCourse.Notebooks.Cli;

/// <summary>A notebook found on the command line.</summary>
/// <param name="FullPath">Absolute path.</param>
/// <param name="DisplayPath">The path as the user would write it (the argument, or the folder argument joined with the relative path).</param>
/// <param name="Name">Output name: the path relative to the folder argument (or the file name), '/'-separated, without extension.</param>
internal sealed record NotebookFile(string FullPath, string DisplayPath, string Name);
