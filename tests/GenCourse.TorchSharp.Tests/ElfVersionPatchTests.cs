using Xunit;

namespace GenCourse.TorchSharp.Tests;

/// <summary>Tests <see cref="ElfVersionPatch"/> on TorchSharp's real libLibTorchSharp.so, copied from the NuGet cache.</summary>
public sealed class ElfVersionPatchTests : IDisposable
{
    private const string Version = "GLIBCXX_3.4.32";
    private readonly string folder = Directory.CreateTempSubdirectory("gencourse-elf-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The package's file (any OS restores it: the torchsharp package carries all runtimes).</summary>
    private static string PackageFile
    {
        get
        {
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } root
                ? root
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            string path = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
            Assert.True(File.Exists(path), $"{path} is missing: restore the TorchSharp-cpu 0.107.0 package.");
            return path;
        }
    }

    private string CopyOfLibrary()
    {
        string copy = Path.Combine(folder, "libLibTorchSharp.so");
        File.Copy(PackageFile, copy);
        return copy;
    }

    [Fact]
    public void RealLibrary_RequirementIsStrongBefore_WeakInTheCopy_AndOnlyTheFlagsFieldDiffers()
    {
        string source = CopyOfLibrary();
        byte[] original = File.ReadAllBytes(source);

        var before = ElfVersionPatch.FindRequirement(source, Version);
        Assert.NotNull(before);
        Assert.Equal("libstdc++.so.6", before.Library);
        Assert.Equal(Version, before.Version);
        Assert.False(before.IsWeak);

        string destination = Path.Combine(folder, "patched.so");
        Assert.True(ElfVersionPatch.MarkWeak(source, destination, Version));

        var after = ElfVersionPatch.FindRequirement(destination, Version);
        Assert.NotNull(after);
        Assert.True(after.IsWeak);
        Assert.Equal(before.FlagsOffset, after.FlagsOffset);
        Assert.Equal(before.Flags | ElfVersionPatch.WeakFlag, after.Flags);

        byte[] patched = File.ReadAllBytes(destination);
        Assert.Equal(original.Length, patched.Length);
        var differing = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToArray();
        Assert.All(differing, i => Assert.InRange(i, before.FlagsOffset, before.FlagsOffset + 1));
        Assert.Equal(ElfVersionPatch.WeakFlag, (ushort)(patched[before.FlagsOffset] | patched[before.FlagsOffset + 1] << 8));

        Assert.Equal(original, File.ReadAllBytes(source)); // the source is untouched
        Assert.Equal(File.GetLastWriteTimeUtc(source), File.GetLastWriteTimeUtc(destination)); // MSBuild's Copy then skips it
        Assert.Equal(new[] { "libLibTorchSharp.so", "patched.so" }, Directory.GetFiles(folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void MarkWeak_InPlace_ReplacesTheFile_AndASecondRunChangesNothing()
    {
        string file = CopyOfLibrary();
        Assert.True(ElfVersionPatch.MarkWeak(file, file, Version));
        byte[] once = File.ReadAllBytes(file);
        Assert.True(ElfVersionPatch.FindRequirement(file, Version)!.IsWeak);

        Assert.False(ElfVersionPatch.MarkWeak(file, file, Version));
        Assert.Equal(once, File.ReadAllBytes(file));
        Assert.Single(Directory.GetFiles(folder)); // no temporary file left behind
    }

    [Fact]
    public void FindRequirement_ReturnsNull_ForAVersionTheLibraryDoesNotRequire()
    {
        Assert.Null(ElfVersionPatch.FindRequirement(CopyOfLibrary(), "GLIBCXX_9.9.99"));
    }

    [Fact]
    public void NonElfFile_GivesAnExceptionNamingTheFile_AndNoCopy()
    {
        string path = Path.Combine(folder, "notes.txt");
        File.WriteAllText(path, "This is a text file, long enough to hold an ELF header: 0123456789012345678901234567890123456789.");

        var error = Assert.Throws<InvalidDataException>(() => ElfVersionPatch.FindRequirement(path, Version));
        Assert.Contains(path, error.Message);
        Assert.Contains("not an ELF file", error.Message);

        string destination = Path.Combine(folder, "copy.so");
        Assert.Throws<InvalidDataException>(() => ElfVersionPatch.MarkWeak(path, destination, Version));
        Assert.False(File.Exists(destination));
    }

    [Fact]
    public void Elf32File_GivesAnExceptionNamingTheFileAndTheExpectedClass()
    {
        string path = CopyOfLibrary();
        byte[] bytes = File.ReadAllBytes(path);
        bytes[4] = 1; // EI_CLASS = ELFCLASS32
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => ElfVersionPatch.FindRequirement(path, Version));
        Assert.Contains(path, error.Message);
        Assert.Contains("64-bit little-endian", error.Message);
    }

    /// <summary>Cut inside the header, inside the code, and inside the section header table at the end of the file.</summary>
    [Theory]
    [InlineData(10)]
    [InlineData(4096)]
    [InlineData(-100)]
    public void TruncatedFile_GivesAnExceptionNamingTheFile(int length)
    {
        string path = Path.Combine(folder, "truncated.so");
        byte[] bytes = File.ReadAllBytes(PackageFile);
        File.WriteAllBytes(path, bytes[..(length > 0 ? length : bytes.Length + length)]);

        var error = Assert.Throws<InvalidDataException>(() => ElfVersionPatch.FindRequirement(path, Version));
        Assert.Contains(path, error.Message);
        Assert.Contains(length == 10 ? "shorter than an ELF64 header" : "truncated", error.Message);
    }

    [Fact]
    public void Newest_ComparesVersionNumbers_NotStrings()
    {
        string[] versions = ["GLIBCXX_3.4", "GLIBCXX_3.4.9", "CXXABI_1.3.99", "GLIBCXX_3.4.30", "GLIBCXX_3.4.29", "libstdc++.so.6"];
        Assert.Equal("GLIBCXX_3.4.30", ElfVersionPatch.Newest(versions, "GLIBCXX_"));
        Assert.Null(ElfVersionPatch.Newest(versions, "GLIBC_"));
    }
}
