namespace MusicVideo.Core.Media;

/// <summary>What a sniffed format carries.</summary>
public enum MediaCategory
{
    /// <summary>A still image (PNG, JPEG, WebP).</summary>
    Image,

    /// <summary>Audio only (MP3, WAV, M4A, AAC, Ogg, FLAC).</summary>
    Audio,

    /// <summary>An ISO BMFF container that may carry video (MP4/MOV); ffprobe decides.</summary>
    Video,
}
