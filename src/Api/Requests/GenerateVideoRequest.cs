namespace MusicVideo.Api.Requests;

/// <summary>Body of POST /api/mv/generate_video.</summary>
public sealed record GenerateVideoRequest(
    string? Prompt,
    string? NegativePrompt = null,
    string? AspectRatio = null,
    int? Duration = null,
    bool? GenerateAudio = null,
    int? Seed = null,
    string? CharacterReferenceId = null,
    string? ReferenceImageBase64 = null,
    string? VideoRulesTemplate = null,
    string? Backend = null,
    string? ProjectId = null,
    int? Sequence = null,
    string? ConfigFlavor = null);
