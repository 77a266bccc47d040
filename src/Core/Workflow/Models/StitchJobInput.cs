using System.Text.Json.Serialization;

namespace MusicVideo.Core.Workflow.Models;

/// <summary>Input of the stitch orchestration.</summary>
/// <param name="VideoIds">The clips, in order.</param>
/// <param name="SongId">The optional song.</param>
/// <param name="SuppressClipAudio">Drop the clips' own audio.</param>
/// <param name="FitToSong">Make the video exactly as long as the song (repeat clips, cut at the end).</param>
public sealed record StitchJobInput([property: JsonPropertyName("video_ids")] IReadOnlyList<Guid> VideoIds, [property: JsonPropertyName("song_id")] Guid? SongId, [property: JsonPropertyName("suppress_clip_audio")] bool SuppressClipAudio, [property: JsonPropertyName("fit_to_song")] bool FitToSong = false);
