using System.Text.Json.Serialization;

namespace MusicVideo.Core.Workflow.Models;

/// <summary>The live custom status of a music video job (bounded: prompts are shortened).</summary>
public sealed record JobProgress
{
    /// <summary>Gets the stage: writing_scenes, generating_clips, stitching, done or failed.</summary>
    [JsonPropertyName("stage")]
    public string Stage { get; init; } = JobStage.WritingScenes;

    /// <summary>Gets the scenes.</summary>
    [JsonPropertyName("scenes")]
    public IReadOnlyList<SceneProgress> Scenes { get; init; } = [];

    /// <summary>Gets the final video id when done.</summary>
    [JsonPropertyName("video_id")]
    public Guid? VideoId { get; init; }

    /// <summary>Gets the final video URL when done.</summary>
    [JsonPropertyName("video_url")]
    public string? VideoUrl { get; init; }

    /// <summary>Gets what the job's provider calls cost so far in US dollars: writing the scenes plus every scene's attempts.</summary>
    [JsonPropertyName("cost_usd")]
    public decimal CostUsd { get; init; }

    /// <summary>Gets what writing the scenes cost in US dollars (every model call of the plan; zero for local templates).</summary>
    [JsonPropertyName("plan_cost_usd")]
    public decimal PlanCostUsd { get; init; }

    /// <summary>Gets the job-level error.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}
