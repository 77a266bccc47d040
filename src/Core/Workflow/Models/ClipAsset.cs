using System.Text.Json.Serialization;

namespace MusicVideo.Core.Workflow.Models;

/// <summary>A generated clip stored in the media store.</summary>
/// <param name="VideoId">The stored video id.</param>
/// <param name="VideoUrl">The URL clients fetch it from.</param>
/// <param name="DurationSeconds">Its duration.</param>
/// <param name="Width">Its width.</param>
/// <param name="Height">Its height.</param>
/// <param name="ProviderJobId">The provider's job id.</param>
/// <param name="CostUsd">What the provider charged for it in US dollars (zero for local renders).</param>
/// <param name="BackendUsed">The provider that rendered it.</param>
/// <param name="ModelUsed">The model that rendered it.</param>
public sealed record ClipAsset(
    [property: JsonPropertyName("video_id")] Guid VideoId,
    [property: JsonPropertyName("video_url")] string VideoUrl,
    [property: JsonPropertyName("duration_seconds")] double DurationSeconds,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("provider_job_id")] string ProviderJobId,
    [property: JsonPropertyName("cost_usd")] decimal CostUsd = 0,
    [property: JsonPropertyName("backend_used")] string? BackendUsed = null,
    [property: JsonPropertyName("model_used")] string? ModelUsed = null);
