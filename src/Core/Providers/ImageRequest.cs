namespace MusicVideo.Core.Providers;

/// <summary>One character reference image to generate (one Imagen 4 call).</summary>
/// <param name="CharacterDescription">Who to draw.</param>
/// <param name="AspectRatio">1:1 (default), 16:9 or 9:16.</param>
/// <param name="Seed">The seed; image <c>i</c> of a batch uses <c>seed + i</c> like the seed service.</param>
/// <param name="Index">The image's index within its batch (0-based), so batch members differ even without a seed.</param>
/// <param name="NegativePrompt">What to avoid, when the model supports it.</param>
/// <param name="Model">A provider-specific model id; null for the provider default.</param>
public sealed record ImageRequest(
    string CharacterDescription,
    string AspectRatio = AspectRatios.Square,
    int? Seed = null,
    int Index = 0,
    string? NegativePrompt = null,
    string? Model = null);
