using System.Text.RegularExpressions;

namespace MusicVideo.Core.Media;

/// <summary>Removes server folders from text that may reach clients, keeping file names (which still say what failed).</summary>
public static partial class PathText
{
    /// <summary>Replaces every absolute path in <paramref name="text"/> by its last segment.</summary>
    public static string KeepFileNames(string text) => AbsolutePath().Replace(text ?? string.Empty, m => m.Groups["name"].Value);

    /// <summary>Removes memory addresses from ffmpeg log prefixes (<c>[wav @ 0x55d1…]</c> becomes <c>[wav]</c>).</summary>
    public static string RemovePointers(string text) => Pointer().Replace(text ?? string.Empty, "[$1]");

    [GeneratedRegex(@"\[([\w.:-]+) @ 0x[0-9a-fA-F]+\]")]
    private static partial Regex Pointer();

    [GeneratedRegex(@"(?<![\w.~])/(?:[^\s'""/:]+/)+(?<name>[^\s'""/:]*)")]
    private static partial Regex AbsolutePath();
}
