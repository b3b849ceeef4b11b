using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace GenCourse;

/// <summary>
/// Makes TorchSharp's native library loadable where the system libstdc++ predates GCC 13 (Debian 12, Ubuntu 22.04),
/// for code that cannot use the build-time patch of GenCourse.TorchSharp.targets: notebooks, which load TorchSharp.dll
/// from the NuGet cache and whose natives stay there.
/// </summary>
/// <remarks>
/// libLibTorchSharp.so requires GLIBCXX_3.4.32 for one unused symbol (see ElfVersionPatch.cs). This class writes a
/// copy with that requirement marked weak to a cache folder of its own (<c>$XDG_CACHE_HOME/gencourse/</c>, by default
/// <c>~/.cache/gencourse/</c>), loads libtorch and then that copy, before TorchSharp's static constructor runs.
/// TorchSharp's own load of "LibTorchSharp" then succeeds because glibc's <c>dlopen("libLibTorchSharp.so")</c>
/// returns the already loaded library with that soname. The NuGet cache is only read.
/// </remarks>
internal static class TorchSharpNatives
{
    private const string RequiredVersion = "GLIBCXX_3.4.32";
    private const string LibraryName = "LibTorchSharp"; // as TorchSharp's [DllImport]s name it
    private const string LibraryFile = "libLibTorchSharp.so";
    private const string NativeFolder = "runtimes/linux-x64/native";
    private static readonly object Gate = new();
    private static bool loadable;

    /// <summary>
    /// Ensures that TorchSharp's natives will load; call it before the first use of <see cref="torch"/>. Does nothing
    /// on other systems than Linux x64, or where libstdc++ defines GLIBCXX_3.4.32.
    /// </summary>
    /// <exception cref="InvalidOperationException">The natives cannot be made loadable; the message says why and how to fix it.</exception>
    public static void EnsureLoadable()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return;
        lock (Gate)
        {
            if (loadable)
                return;
            string? libStdCxx = ElfVersionPatch.FindLibStdCxx();
            var defined = libStdCxx is null ? [] : ElfVersionPatch.DefinedVersions(libStdCxx);
            if (!defined.Contains(RequiredVersion))
                LoadPatched(libStdCxx, ElfVersionPatch.Newest(defined, "GLIBCXX_"));
            loadable = true;
        }
    }

    private static void LoadPatched(string? libStdCxx, string? newest)
    {
        var torchSharp = typeof(torch).Assembly; // typeof does not run torch's static constructor
        // TorchSharp's own first step: load torch_cpu, then LibTorchSharp, by name next to TorchSharp.dll or the app.
        bool torchCpuLoaded = NativeLibrary.TryLoad("torch_cpu", torchSharp, null, out _);
        if (NativeLibrary.TryLoad(LibraryName, torchSharp, null, out _))
            return; // an already patched copy (the build-time patch of an app's output)

        string? source = null;
        string copy = Path.Combine(CacheFolder(torchSharp), LibraryFile);
        try
        {
            source = FindPackageFile(torchSharp);
            if (!IsPatchedCopy(source, copy))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                ElfVersionPatch.MarkWeak(source, copy, RequiredVersion);
            }
            // The copy's $ORIGIN holds no libtorch, so load libtorch first from the folder TorchSharp takes torch_cpu
            // from; glibc then resolves the copy's DT_NEEDED entries (libtorch.so, libc10.so, libtorch_cpu.so) by soname.
            string libTorchFolder = torchCpuLoaded
                ? Path.GetDirectoryName(ElfVersionPatch.FindMappedLibrary("libtorch_cpu.so")
                    ?? throw new FileNotFoundException("libtorch_cpu.so was loaded but is not listed in /proc/self/maps."))!
                : LibTorchPackageFolder();
            NativeLibrary.Load(Path.Combine(libTorchFolder, "libtorch.so"));
            NativeLibrary.Load(copy);
            if (!NativeLibrary.TryLoad(LibraryName, torchSharp, null, out _))
                throw new DllNotFoundException($"after loading the copy, loading \"{LibraryName}\" by name as TorchSharp does still fails.");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or DllNotFoundException or BadImageFormatException)
        {
            throw new InvalidOperationException(
                $"TorchSharp's native library {source ?? LibraryFile} requires the symbol version {RequiredVersion} of libstdc++.so.6, " +
                $"but this machine's libstdc++ ({libStdCxx ?? "not found"}) defines only up to {newest ?? "no GLIBCXX version"}. " +
                $"GenCourse's workaround, loading a copy with that requirement marked weak ({copy}), failed: {e.Message.TrimEnd('.')}. " +
                "To fix it, install libstdc++6 from GCC 13 or newer (as in Debian 13 or Ubuntu 24.04), or remove the cause above " +
                "(GenCourse rewrites the copy whenever it is missing or differs from the package's file).", e);
        }
    }

    /// <summary>Whether <paramref name="copy"/> is the weak-patched copy of <paramref name="source"/> (same size and time, see <see cref="ElfVersionPatch.MarkWeak"/>).</summary>
    private static bool IsPatchedCopy(string source, string copy)
    {
        var original = new FileInfo(source);
        var patched = new FileInfo(copy);
        return patched.Exists && patched.Length == original.Length && patched.LastWriteTimeUtc == original.LastWriteTimeUtc
            && ElfVersionPatch.FindRequirement(copy, RequiredVersion) is { IsWeak: true };
    }

    /// <summary>libLibTorchSharp.so of the torchsharp package: next to TorchSharp.dll's lib/ folder, else in the NuGet cache.</summary>
    private static string FindPackageFile(Assembly torchSharp)
    {
        string[] candidates =
        [
            Path.GetFullPath(Path.Combine(Path.GetDirectoryName(torchSharp.Location)!, "../..", NativeFolder, LibraryFile)),
            Path.Combine(NuGetPackages(), "torchsharp", Version(torchSharp), NativeFolder, LibraryFile),
        ];
        return candidates.FirstOrDefault(File.Exists) ?? throw new FileNotFoundException(
            $"{LibraryFile} is not where the torchsharp package puts it: none of {string.Join(", ", candidates)} exists (restore the TorchSharp-cpu package)");
    }

    /// <summary>The natives folder of the libtorch-cpu-linux-x64 package TorchSharp was built for.</summary>
    private static string LibTorchPackageFolder()
    {
        // TorchSharp looks for that package itself with this private constant (e.g. "2.10.0.0"); reading a constant
        // does not run torch's static constructor.
        string version = typeof(torch).GetField("libtorchPackageVersion", BindingFlags.NonPublic | BindingFlags.Static)?.GetRawConstantValue() as string
            ?? throw new FileNotFoundException("TorchSharp.torch has no libtorchPackageVersion constant, so the libtorch-cpu-linux-x64 package cannot be found (GenCourse supports TorchSharp 0.107)");
        if (version.EndsWith(".0", StringComparison.Ordinal) && version.Count(c => c == '.') == 3)
            version = version[..^2]; // NuGet normalizes 2.10.0.0 to 2.10.0
        string folder = Path.Combine(NuGetPackages(), "libtorch-cpu-linux-x64", version, NativeFolder);
        return File.Exists(Path.Combine(folder, "libtorch.so")) ? folder : throw new FileNotFoundException(
            $"libtorch is not where the libtorch-cpu-linux-x64 {version} package puts it ({folder}/libtorch.so; restore the TorchSharp-cpu package)");
    }

    private static string NuGetPackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string CacheFolder(Assembly torchSharp) =>
        Path.Combine(
            Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache
                ? cache
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
            "gencourse", $"torchsharp-{Version(torchSharp)}");

    /// <summary>TorchSharp's package version, e.g. 0.107.0.</summary>
    private static string Version(Assembly torchSharp) =>
        (torchSharp.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? torchSharp.GetName().Version!.ToString(3)).Split('+')[0];
}
