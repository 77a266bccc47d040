using System.Text.Json.Serialization;

namespace MusicVideo.Core.Workflow.Models;

/// <summary>The input of one clip generation.</summary>
/// <param name="Prompt">The scene prompt.</param>
/// <param name="NegativePrompt">What to avoid.</param>
/// <param name="AspectRatio">16:9, 9:16 or 1:1.</param>
/// <param name="DurationSeconds">4, 6 or 8.</param>
/// <param name="Seed">The seed.</param>
/// <param name="CharacterReferenceId">The optional reference image.</param>
/// <param name="AttemptKey">The idempotency key of this attempt when the caller chose it (so it can ask what the attempt cost); null: the clip orchestration makes one.</param>
public sealed record ClipJob(
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("negative_prompt")] string? NegativePrompt,
    [property: JsonPropertyName("aspect_ratio")] string AspectRatio,
    [property: JsonPropertyName("duration_seconds")] int DurationSeconds,
    [property: JsonPropertyName("seed")] int? Seed,
    [property: JsonPropertyName("character_reference_id")] Guid? CharacterReferenceId,
    [property: JsonPropertyName("attempt_key")] string? AttemptKey = null);
