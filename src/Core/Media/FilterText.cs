using System.Text;

namespace MusicVideo.Core.Media;

/// <summary>Escapes values placed inside ffmpeg filtergraph option strings.</summary>
public static class FilterText
{
    /// <summary>Escapes a value for a filter option inside a filtergraph (both ffmpeg escaping levels), e.g. a textfile path.</summary>
    public static string EscapeOptionValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // Level 1: the filter's option parser treats \ ' : as special.
        var level1 = Escape(value, "\\':");
        // Level 2: the filtergraph parser treats \ ' [ ] , ; as special.
        return Escape(level1, "\\'[],;");
    }

    /// <summary>Word-wraps text to lines of at most the given width, keeping at most maxLines (the last one ends with an ellipsis when cut).</summary>
    public static string Wrap(string text, int width, int maxLines)
    {
        ArgumentNullException.ThrowIfNull(text);
        width = Math.Max(8, width);
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var rawWord in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var word = rawWord;
            while (word.Length > width)
            {
                Flush();
                lines.Add(word[..width]);
                word = word[width..];
            }

            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                Flush();
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        Flush();
        if (lines.Count > maxLines)
        {
            lines = lines.Take(maxLines).ToList();
            var last = lines[^1];
            lines[^1] = (last.Length >= width ? last[..(width - 1)] : last) + "…";
        }

        return string.Join('\n', lines);

        void Flush()
        {
            if (line.Length > 0)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
        }
    }

    static string Escape(string value, string specials)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (specials.Contains(c, StringComparison.Ordinal))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
