namespace MusicVideo.Api.Requests;

/// <summary>Body of POST /api/mv/jobs.</summary>
public sealed record CreateJobRequest(
    string? Idea,
    string? CharacterDescription,
    string? CharacterReferenceId = null,
    string? SongId = null,
    int? NumberOfScenes = null,
    string? Mode = null,
    string? DirectorStyle = null,
    string? AspectRatio = null,
    int? ClipDuration = null,
    int? Seed = null,
    bool? LoopSong = null);
