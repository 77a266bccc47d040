using System.Text.Json.Serialization;

namespace MusicVideo.Core.Workflow.Models;

/// <summary>One scene in a job's live status and result.</summary>
public sealed record SceneProgress
{
    /// <summary>Gets the zero-based scene index.</summary>
    [JsonPropertyName("index")]
    public int Index { get; init; }

    /// <summary>Gets the prompt (shortened in the live status; complete in the result).</summary>
    [JsonPropertyName("prompt")]
    public string Prompt { get; init; } = string.Empty;

    /// <summary>Gets the negative prompt.</summary>
    [JsonPropertyName("negative_prompt")]
    public string? NegativePrompt { get; init; }

    /// <summary>Gets the clip state (see <see cref="SceneState"/>).</summary>
    [JsonPropertyName("clip_state")]
    public string ClipState { get; init; } = SceneState.Pending;

    /// <summary>Gets the number of generation attempts so far.</summary>
    [JsonPropertyName("attempts")]
    public int Attempts { get; init; }

    /// <summary>Gets the clip's video id when ready.</summary>
    [JsonPropertyName("video_id")]
    public Guid? VideoId { get; init; }

    /// <summary>Gets the clip's URL when ready.</summary>
    [JsonPropertyName("video_url")]
    public string? VideoUrl { get; init; }

    /// <summary>Gets what the scene's provider calls cost in US dollars, over all attempts.</summary>
    [JsonPropertyName("cost_usd")]
    public decimal CostUsd { get; init; }

    /// <summary>Gets the cost of each finished attempt in order (failed attempts may cost too).</summary>
    [JsonPropertyName("attempt_costs_usd")]
    public IReadOnlyList<decimal> AttemptCostsUsd { get; init; } = [];

    /// <summary>Gets the provider that rendered the clip (<c>local</c>, <c>replicate</c> …).</summary>
    [JsonPropertyName("backend_used")]
    public string? BackendUsed { get; init; }

    /// <summary>Gets the model that rendered the clip.</summary>
    [JsonPropertyName("model_used")]
    public string? ModelUsed { get; init; }

    /// <summary>Gets the last error of the scene.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}
