namespace MusicVideo.Api.Requests;

/// <summary>Body of POST /api/mv/create_scenes (seed fields kept; the seed's ignored fields are accepted).</summary>
public sealed record CreateScenesRequest(
    string? Idea,
    string? CharacterDescription,
    int? NumberOfScenes = null,
    string? Mode = null,
    string? DirectorStyle = null,
    int? Seed = null,
    string? AspectRatio = null,
    string? CharacterCharacteristics = null,
    string? VideoType = null,
    string? VideoCharacteristics = null,
    string? CameraAngle = null,
    string? ProjectId = null,
    string? ConfigFlavor = null);
