using System.Text.Json.Serialization;

namespace MusicVideo.Core.Workflow.Models;

/// <summary>The custom status a scene-writing orchestration leaves when its plan failed: what its paid model calls cost.</summary>
public sealed record CreateScenesProgress
{
    /// <summary>Gets what every model call of the failed plan cost in US dollars (also the malformed answers and failed attempts).</summary>
    [JsonPropertyName("cost_usd")]
    public decimal CostUsd { get; init; }
}
