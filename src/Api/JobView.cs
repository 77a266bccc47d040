using MusicVideo.Core.Workflow;
using System.Text.Json.Serialization;
using MusicVideo.Core.Workflow.Models;
using Microsoft.DurableTask.Client;

namespace MusicVideo.Api;

/// <summary>The typed view of a music video job for clients: status, stage, scenes, final video, errors, timings.</summary>
public sealed record JobView
{
    [JsonPropertyName("job_id")]
    public required string JobId { get; init; }

    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("stage")]
    public string? Stage { get; init; }

    [JsonPropertyName("idea")]
    public string? Idea { get; init; }

    [JsonPropertyName("character_description")]
    public string? CharacterDescription { get; init; }

    [JsonPropertyName("song_id")]
    public Guid? SongId { get; init; }

    [JsonPropertyName("character_reference_id")]
    public Guid? CharacterReferenceId { get; init; }

    /// <summary>
    /// What generating the job's character reference cost in US dollars, when it was generated here (null for an uploaded one).
    /// Not part of <see cref="CostUsd"/>: the reference was paid for once, by its own request, and any number of jobs and edits may use it.
    /// </summary>
    [JsonPropertyName("character_reference_cost_usd")]
    public decimal? CharacterReferenceCostUsd { get; init; }

    [JsonPropertyName("parent_job_id")]
    public string? ParentJobId { get; init; }

    [JsonPropertyName("scenes")]
    public IReadOnlyList<SceneProgress> Scenes { get; init; } = [];

    [JsonPropertyName("video_id")]
    public Guid? VideoId { get; init; }

    [JsonPropertyName("video_url")]
    public string? VideoUrl { get; init; }

    [JsonPropertyName("duration_seconds")]
    public double? DurationSeconds { get; init; }

    [JsonPropertyName("failed_scenes")]
    public int FailedScenes { get; init; }

    /// <summary>What the job's provider calls cost so far in US dollars (every scene, every attempt).</summary>
    [JsonPropertyName("cost_usd")]
    public decimal CostUsd { get; init; }

    /// <summary>What writing the scenes cost in US dollars (part of <see cref="CostUsd"/>).</summary>
    [JsonPropertyName("plan_cost_usd")]
    public decimal PlanCostUsd { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("updated_at")]
    public DateTimeOffset UpdatedAt { get; init; }

    [JsonPropertyName("elapsed_seconds")]
    public double ElapsedSeconds { get; init; }

    public static JobView From(OrchestrationMetadata metadata)
    {
        var input = metadata.ReadInputAs<MusicVideoJobInput>();
        var progress = metadata.ReadCustomStatusAs<JobProgress>();
        var result = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? metadata.ReadOutputAs<MusicVideoJobResult>() : null;
        var scenes = result?.Scenes ?? progress?.Scenes ?? [];
        return new JobView
        {
            JobId = metadata.InstanceId,
            Status = metadata.RuntimeStatus.ToString(),
            Stage = progress?.Stage,
            Idea = input?.Idea,
            CharacterDescription = input?.CharacterDescription,
            SongId = input?.SongId,
            CharacterReferenceId = input?.CharacterReferenceId,
            ParentJobId = input?.ParentJobId,
            Scenes = scenes,
            VideoId = result?.VideoId ?? progress?.VideoId,
            VideoUrl = result?.VideoUrl ?? progress?.VideoUrl,
            DurationSeconds = result?.DurationSeconds,
            FailedScenes = scenes.Count(s => s.ClipState == SceneState.Failed),
            CostUsd = result?.CostUsd ?? progress?.CostUsd ?? 0,
            PlanCostUsd = result?.PlanCostUsd ?? progress?.PlanCostUsd ?? 0,
            Error = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? metadata.FailureDetails?.RootCauseMessage() ?? progress?.Error : progress?.Error,
            CreatedAt = metadata.CreatedAt,
            UpdatedAt = metadata.LastUpdatedAt,
            ElapsedSeconds = Math.Round((metadata.LastUpdatedAt - metadata.CreatedAt).TotalSeconds, 3),
        };
    }
}
