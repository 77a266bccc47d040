using System.Text.Json.Serialization;

namespace MusicVideo.Core.Providers;

/// <summary>One planned scene: the prompt a video model receives plus the planning facts behind it.</summary>
/// <param name="Sequence">The 1-based position in the video.</param>
/// <param name="Description">The video prompt (at most <see cref="MaxDescriptionLength"/> characters).</param>
/// <param name="NegativeDescription">What to avoid (at most <see cref="MaxNegativeDescriptionLength"/> characters).</param>
/// <param name="ShotType">The framing, e.g. <c>close-up</c>.</param>
/// <param name="CameraMovement">The camera movement, e.g. <c>slow dolly-in</c>.</param>
/// <param name="DurationSeconds">The intended scene length.</param>
public sealed record Scene(
    [property: JsonPropertyName("sequence")] int Sequence,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("negative_description")] string NegativeDescription,
    [property: JsonPropertyName("shot_type")] string ShotType,
    [property: JsonPropertyName("camera_movement")] string CameraMovement,
    [property: JsonPropertyName("duration_seconds")] double DurationSeconds)
{
    /// <summary>The seed schema's limit for descriptions.</summary>
    public const int MaxDescriptionLength = 5000;

    /// <summary>The seed schema's limit for negative descriptions.</summary>
    public const int MaxNegativeDescriptionLength = 1000;
}
