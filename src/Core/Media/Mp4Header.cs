using System.Buffers.Binary;

namespace MusicVideo.Core.Media;

/// <summary>Reads an MP4's duration from its movie header (moov/mvhd) in-process, without starting ffprobe.</summary>
public static class Mp4Header
{
    /// <summary>Returns the movie duration in seconds, or null when the file has no readable moov/mvhd box.</summary>
    public static double? ReadDurationSeconds(string path)
    {
        using var stream = File.OpenRead(path);
        return FindBox(stream, stream.Length, "moov") is { } moov && FindBox(stream, moov.End, "mvhd") is { } mvhd
            ? ReadMvhd(stream, mvhd.Start, mvhd.End)
            : null;
    }

    static (long Start, long End)? FindBox(Stream stream, long limit, string type)
    {
        Span<byte> header = stackalloc byte[16];
        while (stream.Position + 8 <= limit)
        {
            long boxStart = stream.Position;
            stream.ReadExactly(header[..8]);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            string name = System.Text.Encoding.ASCII.GetString(header.Slice(4, 4));
            int headerLength = 8;
            if (size == 1)
            {
                stream.ReadExactly(header.Slice(8, 8));
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header.Slice(8, 8));
                headerLength = 16;
            }
            else if (size == 0)
            {
                size = limit - boxStart;
            }

            if (size < headerLength || boxStart + size > limit)
            {
                return null;
            }

            if (name == type)
            {
                return (boxStart + headerLength, boxStart + size);
            }

            stream.Position = boxStart + size;
        }

        return null;
    }

    static double? ReadMvhd(Stream stream, long start, long end)
    {
        Span<byte> body = stackalloc byte[32];
        int length = (int)Math.Min(body.Length, end - start);
        stream.Position = start;
        stream.ReadExactly(body[..length]);
        byte version = body[0];
        (uint timescale, ulong duration) = version == 1 && length >= 32
            ? (BinaryPrimitives.ReadUInt32BigEndian(body.Slice(20, 4)), BinaryPrimitives.ReadUInt64BigEndian(body.Slice(24, 8)))
            : length >= 20 ? (BinaryPrimitives.ReadUInt32BigEndian(body.Slice(12, 4)), BinaryPrimitives.ReadUInt32BigEndian(body.Slice(16, 4))) : (0u, 0ul);
        return timescale == 0 ? null : (double)duration / timescale;
    }
}
