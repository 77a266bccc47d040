namespace MusicVideo.Core.Providers;

/// <summary>The scene-writing modes of the seed (<c>music_video_scene_prompt.yaml</c>, <c>ad_creative_scene_prompt.yaml</c>).</summary>
public static class ScenePlanModes
{
    /// <summary>Distinct performance scenes of one artist in consistent locations.</summary>
    public const string MusicVideo = "music-video";

    /// <summary>A commercial with a beginning, middle and end; the product appears in every scene.</summary>
    public const string AdCreative = "ad-creative";

    /// <summary>Every accepted mode.</summary>
    public static IReadOnlyList<string> All { get; } = [MusicVideo, AdCreative];

    /// <summary>Returns the canonical mode (case-insensitive match) or throws an <see cref="ArgumentException"/> naming the allowed values.</summary>
    public static string Normalise(string? mode, string parameterName = "mode")
    {
        foreach (var m in All)
        {
            if (string.Equals(m, mode?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return m;
            }
        }

        throw new ArgumentException($"Unknown mode '{mode}'. Allowed values: {string.Join(", ", All)}.", parameterName);
    }
}
