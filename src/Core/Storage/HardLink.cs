using System.Runtime.InteropServices;

namespace MusicVideo.Core.Storage;

/// <summary>Hard links on Unix (one copy of the bytes under two names); callers fall back to a copy when it fails.</summary>
internal static class HardLink
{
    /// <summary>Creates <paramref name="link"/> as another name of <paramref name="existing"/>; false when the platform or file system cannot.</summary>
    public static bool TryCreate(string existing, string link)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            return Link(existing, link) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
}
