using System.Text.Json.Serialization;

namespace MusicVideo.Core.Workflow.Models;

/// <summary>Input of the character references orchestration.</summary>
/// <param name="CharacterDescription">Who to draw.</param>
/// <param name="NumImages">How many images (1–4).</param>
/// <param name="AspectRatio">The images' aspect ratio.</param>
/// <param name="Seed">Image i uses seed + i.</param>
/// <param name="NegativePrompt">What to avoid.</param>
public sealed record CharacterReferencesInput([property: JsonPropertyName("character_description")] string CharacterDescription, [property: JsonPropertyName("num_images")] int NumImages, [property: JsonPropertyName("aspect_ratio")] string AspectRatio, [property: JsonPropertyName("seed")] int? Seed, [property: JsonPropertyName("negative_prompt")] string? NegativePrompt);
