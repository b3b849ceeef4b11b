// Reads and edits the symbol-version tables of ELF64 little-endian shared libraries (Linux x64).
//
// Why: TorchSharp 0.107.0's libLibTorchSharp.so was built with GCC 13 and so requires the symbol version
// GLIBCXX_3.4.32 of libstdc++.so.6, for one symbol only: _ZSt21ios_base_library_initv, which GCC 13 lists in every
// object that includes <iostream> to pull in libstdc++'s stream initialisation. No relocation uses that symbol, so
// nothing is ever bound to it. Debian 12 and Ubuntu 22.04 define GLIBCXX only up to 3.4.30, and glibc refuses to
// load a library with an unmet version requirement unless that requirement is marked weak (VER_FLG_WEAK).
//
// This file is compiled twice: into GenCourse.TorchSharp (run-time patch for notebooks, see TorchSharpNatives.cs)
// and by MSBuild's RoslynCodeTaskFactory (build-time patch, see GenCourse.TorchSharp.targets). The second
// compilation references only netstandard and MSBuild and defines no preprocessor symbols, so this file spells
// out its usings, uses only .NET Standard 2.0 APIs outside #if NETCOREAPP, and keeps the MSBuild task under
// #if !NETCOREAPP (the .NET SDK defines NETCOREAPP for every net5.0+ project, so the library never sees the task).
//
// Layouts used (from <elf.h>; all fields little-endian):
//   ELF header:      e_shoff u64 @0x28, e_shentsize u16 @0x3A, e_shnum u16 @0x3C
//   section header:  sh_type u32 @4, sh_offset u64 @24, sh_size u64 @32, sh_link u32 @40, sh_info u32 @44
//   Elf64_Verneed:   vn_cnt u16 @2, vn_file u32 @4, vn_aux u32 @8, vn_next u32 @12            (.gnu.version_r)
//   Elf64_Vernaux:   vna_flags u16 @4, vna_name u32 @8, vna_next u32 @12
//   Elf64_Verdef:    vd_cnt u16 @6, vd_aux u32 @12, vd_next u32 @16                             (.gnu.version_d)
//   Elf64_Verdaux:   vda_name u32 @0
// sh_info of a version section is its number of entries; sh_link is the string table its names index into.
#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;

namespace GenCourse;

/// <summary>A symbol-version requirement (an <c>Elf64_Vernaux</c> entry of <c>.gnu.version_r</c>).</summary>
internal sealed class ElfVersionRequirement
{
    internal ElfVersionRequirement(string library, string version, ushort flags, long flagsOffset)
    {
        Library = library;
        Version = version;
        Flags = flags;
        FlagsOffset = flagsOffset;
    }

    /// <summary>The library that must define the version, e.g. <c>libstdc++.so.6</c>.</summary>
    public string Library { get; }

    /// <summary>The version name, e.g. <c>GLIBCXX_3.4.32</c>.</summary>
    public string Version { get; }

    /// <summary>The <c>vna_flags</c> field.</summary>
    public ushort Flags { get; }

    /// <summary>Position in the file of the 2-byte <c>vna_flags</c> field.</summary>
    public long FlagsOffset { get; }

    /// <summary>Whether the requirement is weak: the dynamic loader then accepts a library that lacks the version.</summary>
    public bool IsWeak => (Flags & ElfVersionPatch.WeakFlag) != 0;
}

/// <summary>Finds symbol-version requirements and definitions in ELF64 little-endian files, and marks requirements weak.</summary>
internal static class ElfVersionPatch
{
    /// <summary><c>VER_FLG_WEAK</c>: the requirement may be unsatisfied.</summary>
    public const ushort WeakFlag = 0x2;

    private const uint VersionDefinitions = 0x6ffffffd; // SHT_GNU_verdef (.gnu.version_d)
    private const uint VersionRequirements = 0x6ffffffe; // SHT_GNU_verneed (.gnu.version_r)
    private const int SectionHeaderSize = 64;

    /// <summary>
    /// Returns the requirement named <paramref name="version"/> from the <c>.gnu.version_r</c> section of
    /// <paramref name="path"/>, or null when the file does not require that version.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not ELF64 little-endian, is truncated or has no <c>.gnu.version_r</c>.</exception>
    public static ElfVersionRequirement? FindRequirement(string path, string version)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var sections = ReadSectionHeaders(file, path);
        var needs = FindSection(sections, VersionRequirements)
            ?? throw new InvalidDataException($"{path}: no .gnu.version_r section (SHT_GNU_verneed), so it requires no symbol versions.");
        var table = ReadBytes(file, path, needs.Offset, needs.Size, ".gnu.version_r");
        var strings = ReadStringTable(file, path, sections, needs.Link);

        long need = 0;
        for (uint i = 0; i < needs.Info; i++)
        {
            Require(need + 16 <= table.Length, path, ".gnu.version_r entry beyond the end of the section");
            string library = ReadString(strings, U32(table, need + 4), path);
            long aux = need + U32(table, need + 8);
            for (int j = 0; j < U16(table, need + 2); j++)
            {
                Require(aux >= 0 && aux + 16 <= table.Length, path, ".gnu.version_r auxiliary entry beyond the end of the section");
                if (ReadString(strings, U32(table, aux + 8), path) == version)
                    return new ElfVersionRequirement(library, version, U16(table, aux + 4), needs.Offset + aux + 4);
                aux += U32(table, aux + 12);
            }
            need += U32(table, need + 12);
        }
        return null;
    }

    /// <summary>Returns the version names a library defines (its <c>.gnu.version_d</c>; empty when it has none), e.g. <c>GLIBCXX_3.4.30</c>.</summary>
    /// <exception cref="InvalidDataException">The file is not ELF64 little-endian or is truncated.</exception>
    public static IReadOnlyList<string> DefinedVersions(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var sections = ReadSectionHeaders(file, path);
        var result = new List<string>();
        var defs = FindSection(sections, VersionDefinitions);
        if (defs is null)
            return result;
        var table = ReadBytes(file, path, defs.Offset, defs.Size, ".gnu.version_d");
        var strings = ReadStringTable(file, path, sections, defs.Link);

        long def = 0;
        for (uint i = 0; i < defs.Info; i++)
        {
            Require(def + 20 <= table.Length, path, ".gnu.version_d entry beyond the end of the section");
            if (U16(table, def + 6) > 0) // the first Verdaux names the version itself; later ones name its parents
            {
                long aux = def + U32(table, def + 12);
                Require(aux >= 0 && aux + 8 <= table.Length, path, ".gnu.version_d auxiliary entry beyond the end of the section");
                result.Add(ReadString(strings, U32(table, aux), path));
            }
            def += U32(table, def + 16);
        }
        return result;
    }

    /// <summary>
    /// Writes a copy of <paramref name="source"/> to <paramref name="destination"/> in which the requirement
    /// <paramref name="version"/> is weak; every other byte is unchanged. The copy is written to a temporary file in
    /// the destination's folder and renamed over the destination, so readers never see a half-written file and a
    /// destination that is a hard or symbolic link (e.g. into the NuGet cache) is replaced, not written through.
    /// Source and destination may be the same file. The copy gets the source's last-write time, so MSBuild's
    /// copy-local step (which skips files of equal size and time) leaves the patched copy in place.
    /// </summary>
    /// <returns>True when the requirement was not weak in the source (the copy differs from it).</returns>
    /// <exception cref="InvalidDataException">The source is not ELF64 little-endian, is truncated, or does not require <paramref name="version"/>.</exception>
    public static bool MarkWeak(string source, string destination, string version)
    {
        var requirement = FindRequirement(source, version)
            ?? throw new InvalidDataException($"{source}: .gnu.version_r has no requirement for symbol version {version}.");
        string fullDestination = Path.GetFullPath(destination);
        string temporary = Path.Combine(Path.GetDirectoryName(fullDestination)!,
            $".{Path.GetFileName(fullDestination)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.Copy(source, temporary);
            if (!requirement.IsWeak)
            {
                using var file = new FileStream(temporary, FileMode.Open, FileAccess.Write);
                file.Position = requirement.FlagsOffset;
                ushort flags = (ushort)(requirement.Flags | WeakFlag);
                file.Write(new[] { (byte)flags, (byte)(flags >> 8) }, 0, 2);
            }
            File.SetLastWriteTimeUtc(temporary, File.GetLastWriteTimeUtc(source));
#if NETCOREAPP
            File.Move(temporary, fullDestination, overwrite: true); // rename(2): atomic, also when two processes race
#else
            // .NET Standard 2.0 has no overwriting File.Move; File.Replace is rename(2) on Unix but needs a destination.
            if (File.Exists(fullDestination))
                File.Replace(temporary, fullDestination, null);
            else
                File.Move(temporary, fullDestination);
#endif
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        return !requirement.IsWeak;
    }

    /// <summary>
    /// Finds the x86-64 libstdc++.so.6 that programs on this machine use: the one already mapped into this process
    /// (the .NET runtime links it), else the Debian/Ubuntu or Fedora/Arch location, else the one <c>ldconfig -p</c>
    /// reports. Returns null when none is found.
    /// </summary>
    public static string? FindLibStdCxx()
    {
        const string name = "libstdc++.so.6";
        string? mapped = FindMappedLibrary(name);
        if (mapped is not null)
            return mapped;
        foreach (string folder in new[] { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib" })
        {
            string candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
                return candidate;
        }
        // Lines look like "	libstdc++.so.6 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libstdc++.so.6".
        foreach (string line in LdconfigCache())
        {
            int arrow = line.IndexOf("=> ", StringComparison.Ordinal);
            if (line.TrimStart().StartsWith(name + " ", StringComparison.Ordinal) && line.Contains("x86-64") && arrow > 0)
                return line.Substring(arrow + 3).Trim();
        }
        return null;
    }

    /// <summary>
    /// The path of a file mapped into this process (from /proc/self/maps) whose name starts with
    /// <paramref name="fileName"/>, e.g. <c>libstdc++.so.6</c> matches libstdc++.so.6.0.30; null when there is none.
    /// </summary>
    public static string? FindMappedLibrary(string fileName)
    {
        if (!File.Exists("/proc/self/maps"))
            return null;
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/');
            if (slash >= 0 && Path.GetFileName(line.Substring(slash)).StartsWith(fileName, StringComparison.Ordinal))
                return line.Substring(slash);
        }
        return null;
    }

    /// <summary>The newest version with the given prefix among <paramref name="versions"/>, e.g. <c>GLIBCXX_3.4.30</c> for prefix <c>GLIBCXX_</c>; null when none has it.</summary>
    public static string? Newest(IEnumerable<string> versions, string prefix)
    {
        string? newest = null;
        System.Version? newestNumber = null;
        foreach (string name in versions)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && System.Version.TryParse(name.Substring(prefix.Length), out var number)
                && (newestNumber is null || number > newestNumber))
            {
                newest = name;
                newestNumber = number;
            }
        }
        return newest;
    }

    /// <summary>Output lines of <c>ldconfig -p</c> (in /sbin, which is not on an ordinary user's PATH on Debian); empty if it cannot run.</summary>
    private static IEnumerable<string> LdconfigCache()
    {
        foreach (string ldconfig in new[] { "/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig" })
        {
            string output;
            try
            {
                using var process = Process.Start(new ProcessStartInfo(ldconfig, "-p") { RedirectStandardOutput = true, UseShellExecute = false })!;
                output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException)
            {
                continue; // not installed at this path
            }
            return output.Split('\n');
        }
        return Array.Empty<string>();
    }

    private sealed class Section
    {
        public uint Type;
        public long Offset;
        public long Size;
        public uint Link;
        public uint Info;
    }

    private static Section[] ReadSectionHeaders(FileStream file, string path)
    {
        Require(file.Length >= 64, path, $"is {file.Length} bytes long, shorter than an ELF64 header (64 bytes)");
        var header = ReadBytes(file, path, 0, 64, "ELF header");
        if (header[0] != 0x7f || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
            throw new InvalidDataException($"{path}: not an ELF file (expected the magic bytes 7F 45 4C 46 at the start).");
        if (header[4] != 2 || header[5] != 1)
            throw new InvalidDataException($"{path}: expected a 64-bit little-endian ELF file (EI_CLASS 2, EI_DATA 1), found EI_CLASS {header[4]}, EI_DATA {header[5]}.");

        long offset = (long)U64(header, 0x28);
        int entrySize = U16(header, 0x3A);
        long count = U16(header, 0x3C);
        Require(offset > 0 && entrySize >= SectionHeaderSize, path, "has no section header table");
        var first = ReadBytes(file, path, offset, SectionHeaderSize, "section header table");
        if (count == 0)
            count = (long)U64(first, 32); // more than 0xff00 sections: the count is in section 0's sh_size
        Require(count <= (file.Length - offset) / entrySize, path, $"section header table ({count} entries at offset {offset}) runs past the end of the file ({file.Length} bytes): truncated");
        var table = ReadBytes(file, path, offset, count * entrySize, "section header table");

        var sections = new Section[count];
        for (long i = 0; i < count; i++)
        {
            long at = i * entrySize;
            sections[i] = new Section
            {
                Type = U32(table, at + 4),
                Offset = (long)U64(table, at + 24),
                Size = (long)U64(table, at + 32),
                Link = U32(table, at + 40),
                Info = U32(table, at + 44),
            };
        }
        return sections;
    }

    private static Section? FindSection(Section[] sections, uint type)
    {
        foreach (var section in sections)
        {
            if (section.Type == type)
                return section;
        }
        return null;
    }

    private static byte[] ReadStringTable(FileStream file, string path, Section[] sections, uint index)
    {
        Require(index < sections.Length, path, $"string table index {index} is not a section (there are {sections.Length})");
        return ReadBytes(file, path, sections[index].Offset, sections[index].Size, "string table");
    }

    private static byte[] ReadBytes(FileStream file, string path, long offset, long count, string what)
    {
        Require(offset >= 0 && count >= 0 && count <= int.MaxValue && offset <= file.Length - count, path,
            $"{what} (offset {offset}, {count} bytes) runs past the end of the file ({file.Length} bytes): truncated");
        var bytes = new byte[count];
        file.Position = offset;
        int read = 0;
        while (read < count)
        {
            int n = file.Read(bytes, read, (int)count - read);
            Require(n > 0, path, $"ended while reading the {what}: truncated");
            read += n;
        }
        return bytes;
    }

    private static string ReadString(byte[] strings, uint offset, string path)
    {
        Require(offset < strings.Length, path, $"string offset {offset} is outside the string table ({strings.Length} bytes)");
        int end = Array.IndexOf(strings, (byte)0, (int)offset);
        Require(end >= 0, path, "string table entry is not NUL-terminated");
        return Encoding.ASCII.GetString(strings, (int)offset, end - (int)offset);
    }

    private static void Require(bool condition, string path, string problem)
    {
        if (!condition)
            throw new InvalidDataException($"{path}: {problem}.");
    }

    private static ushort U16(byte[] b, long at) => (ushort)(b[at] | b[at + 1] << 8);

    private static uint U32(byte[] b, long at) => U16(b, at) | (uint)U16(b, at + 2) << 16;

    private static ulong U64(byte[] b, long at) => U32(b, at) | (ulong)U32(b, at + 4) << 32;
}

#if !NETCOREAPP
/// <summary>
/// MSBuild task (compiled only by RoslynCodeTaskFactory from GenCourse.TorchSharp.targets): when the machine's
/// libstdc++ lacks <see cref="Version"/>, marks that requirement weak in each of <see cref="Files"/> that exists and
/// still has it strong; otherwise does nothing.
/// </summary>
public sealed class MarkElfVersionWeak : Microsoft.Build.Utilities.Task
{
    /// <summary>Shared libraries to patch in place (missing ones are skipped).</summary>
    [Microsoft.Build.Framework.Required]
    public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

    /// <summary>The symbol version, e.g. GLIBCXX_3.4.32.</summary>
    [Microsoft.Build.Framework.Required]
    public string Version { get; set; } = "";

    /// <inheritdoc/>
    public override bool Execute()
    {
        string? libStdCxx = ElfVersionPatch.FindLibStdCxx();
        if (libStdCxx is null)
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, $"GenCourse: no libstdc++.so.6 found; not patching {Version} requirements.");
            return true;
        }
        try
        {
            var defined = ElfVersionPatch.DefinedVersions(libStdCxx);
            if (defined.Contains(Version))
                return true;
            var patched = new List<string>();
            foreach (var item in Files)
            {
                string file = item.GetMetadata("FullPath");
                if (!File.Exists(file))
                    continue;
                var requirement = ElfVersionPatch.FindRequirement(file, Version);
                if (requirement is null || requirement.IsWeak)
                    continue;
                ElfVersionPatch.MarkWeak(file, file, Version);
                patched.Add(file);
            }
            if (patched.Count > 0)
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                    $"GenCourse: marked the {Version} requirement weak in {string.Join(", ", patched)}, because this machine's " +
                    $"libstdc++ ({libStdCxx}) provides only up to {ElfVersionPatch.Newest(defined, "GLIBCXX_") ?? "no GLIBCXX version"}; " +
                    "TorchSharp's native library needs that version for one symbol only and runs without it.");
            }
        }
        catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
        {
            Log.LogError($"GenCourse: could not mark the {Version} requirement of TorchSharp's native library weak: {e.Message}");
        }
        return !Log.HasLoggedErrors;
    }
}
#endif
