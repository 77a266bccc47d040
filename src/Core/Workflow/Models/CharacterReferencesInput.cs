namespace MusicVideo.Core.Workflow.Models;

/// <summary>Input of the character references orchestration.</summary>
/// <param name="CharacterDescription">Who to draw.</param>
/// <param name="NumImages">How many images (1–4).</param>
/// <param name="AspectRatio">The images' aspect ratio.</param>
/// <param name="Seed">Image i uses seed + i.</param>
/// <param name="NegativePrompt">What to avoid.</param>
public sealed record CharacterReferencesInput(string CharacterDescription, int NumImages, string AspectRatio, int? Seed, string? NegativePrompt);
