namespace MusicVideo.Api.Requests;

/// <summary>Body of POST /api/mv/stitch-videos.</summary>
public sealed record StitchVideosRequest(IReadOnlyList<string>? VideoIds, string? AudioOverlayId = null, bool? SuppressVideoAudio = null);
