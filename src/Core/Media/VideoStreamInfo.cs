namespace MusicVideo.Core.Media;

/// <summary>The first video stream of a media file as reported by ffprobe.</summary>
/// <param name="Codec">The codec name, e.g. <c>h264</c>.</param>
/// <param name="Width">Coded width in pixels.</param>
/// <param name="Height">Coded height in pixels.</param>
/// <param name="FrameRate">Frames per second as a double (from r_frame_rate, falling back to avg_frame_rate).</param>
/// <param name="FrameRateRational">The frame rate as ffprobe's rational text, e.g. <c>30000/1001</c>.</param>
/// <param name="PixelFormat">The pixel format, e.g. <c>yuv420p</c>.</param>
/// <param name="SampleAspectRatio">The sample aspect ratio text, e.g. <c>1:1</c>, or null when unset.</param>
/// <param name="TimeBase">The stream time base, e.g. <c>1/12288</c>.</param>
/// <param name="DurationSeconds">The stream duration, or null when the container does not say.</param>
public sealed record VideoStreamInfo(
    string Codec,
    int Width,
    int Height,
    double FrameRate,
    string FrameRateRational,
    string PixelFormat,
    string? SampleAspectRatio,
    string TimeBase,
    double? DurationSeconds)
{
    /// <summary>True when the sample aspect ratio is square (1:1) or unset.</summary>
    public bool HasSquarePixels => SampleAspectRatio is null or "1:1" or "0:1";
}
