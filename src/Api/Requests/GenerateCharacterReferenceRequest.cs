namespace MusicVideo.Api.Requests;

/// <summary>Body of POST /api/mv/generate_character_reference.</summary>
public sealed record GenerateCharacterReferenceRequest(
    string? CharacterDescription,
    int? NumImages = null,
    string? AspectRatio = null,
    string? SafetyFilterLevel = null,
    string? PersonGeneration = null,
    string? OutputFormat = null,
    string? NegativePrompt = null,
    int? Seed = null,
    string? ConfigFlavor = null);
