using System.Text.Json.Serialization;

namespace MusicVideo.Core.Providers;

/// <summary>One character reference image to generate (one Imagen 4 call).</summary>
/// <param name="CharacterDescription">Who to draw.</param>
/// <param name="AspectRatio">1:1 (default), 16:9 or 9:16.</param>
/// <param name="Seed">The seed; image <c>i</c> of a batch uses <c>seed + i</c> like the seed service.</param>
/// <param name="Index">The image's index within its batch (0-based), so batch members differ even without a seed.</param>
/// <param name="NegativePrompt">What to avoid, when the model supports it.</param>
/// <param name="Model">A provider-specific model id; null for the provider default.</param>
public sealed record ImageRequest(
    [property: JsonPropertyName("character_description")] string CharacterDescription,
    [property: JsonPropertyName("aspect_ratio")] string AspectRatio = AspectRatios.Square,
    [property: JsonPropertyName("seed")] int? Seed = null,
    [property: JsonPropertyName("index")] int Index = 0,
    [property: JsonPropertyName("negative_prompt")] string? NegativePrompt = null,
    [property: JsonPropertyName("model")] string? Model = null);
