namespace MusicVideo.Core.Media;

/// <summary>Locations of the ffmpeg executables and encoder defaults shared by the media layer.</summary>
/// <param name="FfmpegPath">The ffmpeg executable: a name looked up on PATH or an absolute path.</param>
/// <param name="FfprobePath">The ffprobe executable: a name looked up on PATH or an absolute path.</param>
/// <param name="Threads">The encoder thread count passed as <c>-threads</c>; null lets ffmpeg choose.</param>
public sealed record FfmpegOptions(string FfmpegPath = "ffmpeg", string FfprobePath = "ffprobe", int? Threads = null)
{
    /// <summary>The defaults: ffmpeg and ffprobe from PATH, automatic threading.</summary>
    public static FfmpegOptions Default { get; } = new();
}
