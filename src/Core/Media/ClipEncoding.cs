using System.Globalization;

namespace MusicVideo.Core.Media;

/// <summary>
/// The one H.264 encoding every clip we write uses — local renders and the stitcher's re-encodes of foreign clips — so both
/// carry the same parameter sets and a cut mixing them stream-copies every clip that needed no re-encode.
/// </summary>
/// <remarks>
/// The SPS/PPS depend on the encoder's tool set (CABAC, B-frames, 8x8 transform, weighted prediction), the CRF (the PPS's
/// initial QP), the frame rate and the colour description, so all of these live here and nowhere else.
/// </remarks>
public static class ClipEncoding
{
    /// <summary>The x264 preset: veryfast keeps real-model clips' detail at CRF 20 and still encodes 720p well above real time on 2 cores.</summary>
    public const string Preset = "veryfast";

    /// <summary>The x264 constant rate factor.</summary>
    public const int Crf = 20;

    /// <summary>The pixel format every clip is encoded in.</summary>
    public const string PixelFormat = "yuv420p";

    /// <summary>The filter that tags frames as BT.709 limited range; the encoder writes it into the SPS's colour description.</summary>
    public const string Bt709Tags = "setparams=range=tv:color_primaries=bt709:color_trc=bt709:colorspace=bt709";

    /// <summary>The ffmpeg output arguments that encode video at the given frame rate: x264 with the shared preset and CRF, no B-frames, a 2 s GOP, 4:2:0.</summary>
    /// <remarks>
    /// No B-frames: a stream-copied cut that ends with the song (or fits the song) is cut by decode order, and B-frames
    /// would carry two or three frames past the song's end (about 0.1 s at 24 fps), since MP4 edit lists cannot hide them.
    /// </remarks>
    public static IReadOnlyList<string> VideoArguments(double framesPerSecond)
    {
        var gop = Math.Max(1, (int)Math.Round(framesPerSecond * 2)).ToString(CultureInfo.InvariantCulture);
        return ["-c:v", "libx264", "-preset", Preset, "-crf", Crf.ToString(CultureInfo.InvariantCulture), "-bf", "0", "-g", gop, "-pix_fmt", PixelFormat];
    }
}
