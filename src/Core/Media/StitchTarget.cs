namespace MusicVideo.Core.Media;

/// <summary>The common video format every clip is brought to before stream-copy concatenation.</summary>
/// <param name="Width">Output width in pixels (even).</param>
/// <param name="Height">Output height in pixels (even).</param>
/// <param name="FrameRate">The frame rate as a rational text, e.g. <c>24/1</c>.</param>
/// <param name="VideoTimescale">The MP4 video track timescale shared by all parts (the concat demuxer needs one time base).</param>
public sealed record StitchTarget(int Width, int Height, string FrameRate, int VideoTimescale)
{
    /// <summary>The frame rate as a double.</summary>
    public double FramesPerSecond => MediaProbe.ParseRational(FrameRate) ?? 0;
}
