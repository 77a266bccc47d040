using System.Text.Json.Serialization;

namespace MusicVideo.Core.Providers.Scenes;

/// <summary>What paid scene-model calls used and cost: one call, or the total of a plan's calls.</summary>
/// <param name="Usage">The tokens billed (its <see cref="TokenUsage.Calls"/> says how many calls).</param>
/// <param name="CostUsd">Their price in US dollars under the planner's token price table.</param>
public sealed record SceneCallCost(
    [property: JsonPropertyName("usage")] TokenUsage Usage,
    [property: JsonPropertyName("cost_usd")] decimal CostUsd);
