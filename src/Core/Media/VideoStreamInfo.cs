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
/// <param name="Profile">The codec profile, e.g. <c>High</c>, or null when unknown.</param>
/// <param name="Level">The codec level as ffprobe reports it (31 for H.264 level 3.1), or null when unknown.</param>
/// <param name="CodecTag">The sample entry tag, e.g. <c>avc1</c> (parameter sets in the header) or <c>avc3</c> (in band).</param>
/// <param name="AverageFrameRate">avg_frame_rate as rational text; differs from the frame rate when the stream is variable frame rate.</param>
/// <param name="ColorSpace">The matrix coefficients tag, e.g. <c>bt709</c>, or null when untagged.</param>
/// <param name="ColorTransfer">The transfer characteristics tag, or null when untagged.</param>
/// <param name="ColorPrimaries">The colour primaries tag, or null when untagged.</param>
/// <param name="ColorRange">The colour range tag: <c>tv</c> (limited) or <c>pc</c> (full), or null when untagged.</param>
/// <param name="FieldOrder">The field order, e.g. <c>progressive</c>, or null when unknown.</param>
/// <param name="ExtradataHash">A hash of the codec extradata (for H.264 the SPS/PPS); clips can share one stream only when it is equal.</param>
public sealed record VideoStreamInfo(
    string Codec,
    int Width,
    int Height,
    double FrameRate,
    string FrameRateRational,
    string PixelFormat,
    string? SampleAspectRatio,
    string TimeBase,
    double? DurationSeconds,
    string? Profile = null,
    int? Level = null,
    string? CodecTag = null,
    string? AverageFrameRate = null,
    string? ColorSpace = null,
    string? ColorTransfer = null,
    string? ColorPrimaries = null,
    string? ColorRange = null,
    string? FieldOrder = null,
    string? ExtradataHash = null)
{
    /// <summary>True when the sample aspect ratio is square (1:1) or unset.</summary>
    public bool HasSquarePixels => SampleAspectRatio is null or "1:1" or "0:1";

    /// <summary>True when the average frame rate differs from the nominal one by more than 0.5%, i.e. frame timing varies.</summary>
    public bool IsVariableFrameRate =>
        MediaProbe.ParseRational(AverageFrameRate) is { } average and > 0
        && FrameRate > 0
        && Math.Abs(average - FrameRate) / FrameRate > 0.005;
}
