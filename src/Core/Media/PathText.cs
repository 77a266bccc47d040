using System.Text.RegularExpressions;

namespace MusicVideo.Core.Media;

/// <summary>Removes server folders from text that may reach clients, keeping file names (which still say what failed).</summary>
public static partial class PathText
{
    /// <summary>Replaces every absolute path in <paramref name="text"/> by its last segment.</summary>
    public static string KeepFileNames(string text) => AbsolutePath().Replace(text ?? string.Empty, m => m.Groups["name"].Value);

    [GeneratedRegex(@"(?<![\w.~])/(?:[^\s'""/:]+/)+(?<name>[^\s'""/:]*)")]
    private static partial Regex AbsolutePath();
}
