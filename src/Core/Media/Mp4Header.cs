namespace MusicVideo.Core.Media;

/// <summary>Reads an MP4's duration from its movie header (moov/mvhd) in-process, without starting ffprobe.</summary>
public static class Mp4Header
{
    /// <summary>Returns the movie duration in seconds, or null when the file has no readable moov/mvhd box.</summary>
    public static double? ReadDurationSeconds(string path)
    {
        using var stream = File.OpenRead(path);
        return Mp4Boxes.ReadTopLevel(stream, "moov") is { } moov
            && Mp4Boxes.Child(moov, "mvhd") is { } mvhd
            && Mp4Boxes.ReadTimescaleAndDuration(mvhd.Span) is { Timescale: > 0 } header
            ? (double)header.Duration / header.Timescale
            : null;
    }
}
