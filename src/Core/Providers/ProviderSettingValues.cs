using System.Globalization;

namespace MusicVideo.Core.Providers;

/// <summary>Parses provider settings; a bad value throws <see cref="ProviderSettingsException"/> naming the variable and what to set.</summary>
public static class ProviderSettingValues
{
    /// <summary>Parses an absolute http(s) URL, ending it with a slash so relative API paths append to it.</summary>
    public static Uri AbsoluteUrl(string variable, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ProviderSettingsException($"{variable} '{value}' is not an absolute http(s) URL.");
        }

        return uri;
    }

    /// <summary>Checks a model name: visible characters only, no spaces.</summary>
    public static string ModelName(string variable, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        return text.Length is > 0 and <= 200 && text.All(c => c > ' ' && c < 127 && c != '?' && c != '#')
            ? text
            : throw new ProviderSettingsException($"{variable} '{value}' is not a model name (visible ASCII, no spaces, at most 200 characters).");
    }

    /// <summary>Reads <c>SCENE_MAX_ATTEMPTS</c> (model calls per plan when answers are malformed; 1–10, default 3).</summary>
    public static int SceneMaxAttempts(Func<string, string?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var value = read("SCENE_MAX_ATTEMPTS");
        if (string.IsNullOrWhiteSpace(value))
        {
            return 3;
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 10
            ? n
            : throw new ProviderSettingsException($"SCENE_MAX_ATTEMPTS '{value}' is not a whole number from 1 to 10.");
    }
}
