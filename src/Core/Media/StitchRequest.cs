namespace MusicVideo.Core.Media;

/// <summary>What to stitch: ordered clips, an optional song and how to treat audio.</summary>
/// <param name="ClipPaths">The clip files in playback order (duplicates allowed).</param>
/// <param name="OutputPath">Where the finished MP4 is written (atomically: temp file then rename).</param>
/// <param name="SongPath">An optional song laid under the whole video; it is always trimmed to the video length.</param>
/// <param name="LoopSong">When the song is shorter than the video: true loops it, false leaves a silent tail.</param>
/// <param name="SuppressClipAudio">Drops the clips' own audio (implied when a song is given).</param>
/// <param name="FitVideoToSong">Make the video exactly as long as the song: repeat the clips in order and cut at the song's end.</param>
/// <param name="ClipInfos">Optional probes of the clips, index-aligned with <paramref name="ClipPaths"/> (e.g. taken when each clip
/// was downloaded); they skip re-probing, which is most of the cost when no clip needs normalising.</param>
public sealed record StitchRequest(
    IReadOnlyList<string> ClipPaths,
    string OutputPath,
    string? SongPath = null,
    bool LoopSong = false,
    bool SuppressClipAudio = false,
    IReadOnlyList<MediaInfo>? ClipInfos = null,
    bool FitVideoToSong = false);
