namespace MusicVideo.Core.Media;

/// <summary>An accepted song: its sniffed format and what ffprobe found in it.</summary>
/// <param name="Format">The container format recognised from the magic bytes (and corrected by ffprobe for ID3-tagged AAC).</param>
/// <param name="DurationSeconds">The song length.</param>
/// <param name="Audio">The audio stream.</param>
public sealed record SongInfo(SniffedFormat Format, double DurationSeconds, AudioStreamInfo Audio);
