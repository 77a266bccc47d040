namespace MusicVideo.Core.Media;

/// <summary>The outcome of a stitch.</summary>
/// <param name="OutputPath">The finished MP4.</param>
/// <param name="DurationSeconds">The probed duration of the output.</param>
/// <param name="Target">The format every part was brought to.</param>
/// <param name="NormalisedClipIndexes">Zero-based indexes of the clips that had to be rewritten (re-encoded or remuxed).</param>
/// <param name="SongApplied">True when a song was muxed in.</param>
/// <param name="Elapsed">Wall time of the whole stitch.</param>
/// <param name="ClipAudioCopied">True when the clips' own audio was joined by packet copy rather than decoded and encoded again.</param>
public sealed record StitchResult(
    string OutputPath,
    double DurationSeconds,
    StitchTarget Target,
    IReadOnlyList<int> NormalisedClipIndexes,
    bool SongApplied,
    TimeSpan Elapsed,
    bool ClipAudioCopied = false);
