using System.Text.Json.Serialization;
using MusicVideo.Core.Providers.Scenes;

namespace MusicVideo.Core.Providers;

/// <summary>The scenes written for one idea.</summary>
/// <param name="Scenes">The scenes in playback order.</param>
/// <param name="Mode">The mode used (<c>music-video</c> or <c>ad-creative</c>).</param>
/// <param name="DirectorStyle">The director style id used, if any.</param>
/// <param name="Provider">The planner that wrote them, e.g. <c>local</c>.</param>
/// <param name="Model">The model that wrote them, e.g. <c>local-template-v1</c> or <c>gemini-2.5-pro</c>.</param>
/// <param name="CostUsd">What writing them cost in US dollars: every model call made, also the malformed answers asked again (zero for local templates and unpriced models).</param>
/// <param name="Usage">The tokens those calls used, when the API reported them (null for local templates).</param>
public sealed record ScenePlan(
    [property: JsonPropertyName("scenes")] IReadOnlyList<Scene> Scenes,
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("director_style")] string? DirectorStyle,
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("cost_usd")] decimal CostUsd = 0,
    [property: JsonPropertyName("usage")] TokenUsage? Usage = null);
