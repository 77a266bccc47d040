using System.Text.Json.Serialization;

namespace MusicVideo.Core.Workflow.Models;

/// <summary>The output of a finished music video job.</summary>
public sealed record MusicVideoJobResult
{
    /// <summary>Gets the final video id.</summary>
    [JsonPropertyName("video_id")]
    public Guid VideoId { get; init; }

    /// <summary>Gets the final video URL.</summary>
    [JsonPropertyName("video_url")]
    public required string VideoUrl { get; init; }

    /// <summary>Gets the final video's duration in seconds.</summary>
    [JsonPropertyName("duration_seconds")]
    public double DurationSeconds { get; init; }

    /// <summary>Gets a value indicating whether the song was laid under the video.</summary>
    [JsonPropertyName("song_applied")]
    public bool SongApplied { get; init; }

    /// <summary>Gets every scene with its complete prompt and outcome.</summary>
    [JsonPropertyName("scenes")]
    public IReadOnlyList<SceneProgress> Scenes { get; init; } = [];

    /// <summary>Gets what the job's provider calls cost in US dollars: writing the scenes plus every scene's attempts.</summary>
    [JsonPropertyName("cost_usd")]
    public decimal CostUsd { get; init; }

    /// <summary>Gets what writing the scenes cost in US dollars (every model call of the plan; zero for local templates).</summary>
    [JsonPropertyName("plan_cost_usd")]
    public decimal PlanCostUsd { get; init; }

    /// <summary>Gets the number of scenes left out because their clip failed for good.</summary>
    [JsonPropertyName("failed_scenes")]
    public int FailedScenes { get; init; }
}
