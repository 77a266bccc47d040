namespace MusicVideo.Core.Media;

/// <summary>What ffprobe says about a media file: container duration and its first video and audio streams.</summary>
/// <param name="DurationSeconds">The container duration in seconds.</param>
/// <param name="FormatName">The container format names, e.g. <c>mov,mp4,m4a,3gp,3g2,mj2</c>.</param>
/// <param name="Video">The first video stream, or null for audio-only files.</param>
/// <param name="Audio">The first audio stream, or null when the file has no audio.</param>
/// <param name="SizeBytes">The file size in bytes.</param>
public sealed record MediaInfo(double DurationSeconds, string FormatName, VideoStreamInfo? Video, AudioStreamInfo? Audio, long SizeBytes)
{
    /// <summary>True when the file has an audio stream.</summary>
    public bool HasAudio => Audio is not null;

    /// <summary>True when the file has a video stream.</summary>
    public bool HasVideo => Video is not null;
}
