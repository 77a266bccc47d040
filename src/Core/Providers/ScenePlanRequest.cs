using System.Text.Json.Serialization;

namespace MusicVideo.Core.Providers;

/// <summary>What to plan scenes for (the seed's <c>create_scenes</c> inputs plus mode and director style).</summary>
/// <param name="Idea">The concept of the video.</param>
/// <param name="CharacterDescription">The artist or character; every scene embeds it so the character stays consistent.</param>
/// <param name="NumberOfScenes">1–12; null means the default of 4.</param>
/// <param name="Mode"><c>music-video</c> (default) or <c>ad-creative</c>.</param>
/// <param name="DirectorStyle">One of the nine <see cref="DirectorStyles"/> ids, or null.</param>
/// <param name="Seed">Makes the plan reproducible; null derives one from the idea and character.</param>
/// <param name="AspectRatio">The target aspect ratio, written into ad-creative metadata blocks.</param>
/// <param name="SceneDurationSeconds">The intended length of each scene.</param>
/// <param name="CostKey">
/// Where the plan's paid model calls are recorded (<see cref="Scenes.SceneCallLedger"/>), chosen by the workflow once per plan, so a
/// plan retried after a failed attempt costs every call made; null records only the calls of the attempt that returns.
/// </param>
public sealed record ScenePlanRequest(
    [property: JsonPropertyName("idea")] string Idea,
    [property: JsonPropertyName("character_description")] string CharacterDescription,
    [property: JsonPropertyName("number_of_scenes")] int? NumberOfScenes = null,
    [property: JsonPropertyName("mode")] string Mode = ScenePlanModes.MusicVideo,
    [property: JsonPropertyName("director_style")] string? DirectorStyle = null,
    [property: JsonPropertyName("seed")] int? Seed = null,
    [property: JsonPropertyName("aspect_ratio")] string AspectRatio = AspectRatios.Landscape,
    [property: JsonPropertyName("scene_duration_seconds")] double SceneDurationSeconds = 8,
    [property: JsonPropertyName("cost_key")] string? CostKey = null)
{
    /// <summary>The default scene count.</summary>
    public const int DefaultNumberOfScenes = 4;

    /// <summary>The smallest scene count.</summary>
    public const int MinNumberOfScenes = 1;

    /// <summary>The largest scene count.</summary>
    public const int MaxNumberOfScenes = 12;

    /// <summary>The longest accepted idea or character description.</summary>
    public const int MaxInputLength = 2000;
}
