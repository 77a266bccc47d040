using System.Text.Json.Serialization;

namespace MusicVideo.Core.Workflow.Models;

/// <summary>A scene's prompt and negative prompt.</summary>
/// <param name="Description">The prompt.</param>
/// <param name="NegativeDescription">What the clip must avoid.</param>
public sealed record SceneDraft([property: JsonPropertyName("description")] string Description, [property: JsonPropertyName("negative_description")] string NegativeDescription);
