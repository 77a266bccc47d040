namespace MusicVideo.Api.Requests;

/// <summary>Body of POST /api/mv/jobs/{id}/restitch: optionally another song.</summary>
public sealed record RestitchRequest(string? SongId = null, bool? LoopSong = null);
