using System.Buffers.Binary;
using System.Text;

namespace MusicVideo.Core.Media;

/// <summary>Walks ISO base media (MP4) boxes: the top level of a file on disk, and the children of a box held in memory.</summary>
static class Mp4Boxes
{
    /// <summary>The largest movie box read into memory; an 8 s clip's is a few kilobytes, a two-hour film's a few megabytes.</summary>
    const long MaxInMemoryBox = 64L * 1024 * 1024;

    /// <summary>Reads the body of the first top-level box of the given type, or null when there is none or it is malformed.</summary>
    public static byte[]? ReadTopLevel(Stream stream, string type)
    {
        Span<byte> header = stackalloc byte[16];
        var wanted = Encoding.ASCII.GetBytes(type);
        long limit = stream.Length;
        stream.Position = 0;
        while (stream.Position + 8 <= limit)
        {
            long start = stream.Position;
            stream.ReadExactly(header[..8]);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            int headerLength = 8;
            if (size == 1)
            {
                if (start + 16 > limit)
                {
                    return null;
                }

                stream.ReadExactly(header.Slice(8, 8));
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header.Slice(8, 8));
                headerLength = 16;
            }
            else if (size == 0)
            {
                size = limit - start;
            }

            if (size < headerLength || size > limit - start)
            {
                return null;
            }

            if (header.Slice(4, 4).SequenceEqual(wanted))
            {
                long bodyLength = size - headerLength;
                if (bodyLength > MaxInMemoryBox)
                {
                    return null;
                }

                var body = new byte[bodyLength];
                stream.ReadExactly(body);
                return body;
            }

            stream.Position = start + size;
        }

        return null;
    }

    /// <summary>The child boxes of a container box body, in order; stops at the first malformed header.</summary>
    public static IEnumerable<(string Type, ReadOnlyMemory<byte> Body)> Children(ReadOnlyMemory<byte> container)
    {
        int offset = 0;
        while (offset + 8 <= container.Length)
        {
            var span = container.Span[offset..];
            long size = BinaryPrimitives.ReadUInt32BigEndian(span);
            string type = Encoding.ASCII.GetString(span.Slice(4, 4));
            int headerLength = 8;
            if (size == 1)
            {
                if (span.Length < 16)
                {
                    yield break;
                }

                size = (long)BinaryPrimitives.ReadUInt64BigEndian(span.Slice(8, 8));
                headerLength = 16;
            }
            else if (size == 0)
            {
                size = span.Length;
            }

            if (size < headerLength || size > span.Length)
            {
                yield break;
            }

            yield return (type, container.Slice(offset + headerLength, (int)size - headerLength));
            offset += (int)size;
        }
    }

    /// <summary>The body of the first child box of the given type, or null.</summary>
    public static ReadOnlyMemory<byte>? Child(ReadOnlyMemory<byte> container, string type)
    {
        foreach (var (childType, body) in Children(container))
        {
            if (childType == type)
            {
                return body;
            }
        }

        return null;
    }

    /// <summary>Follows a path of child box types (e.g. <c>mdia</c>, <c>minf</c>, <c>stbl</c>) from a container body.</summary>
    public static ReadOnlyMemory<byte>? Path(ReadOnlyMemory<byte> container, params string[] types)
    {
        ReadOnlyMemory<byte>? current = container;
        foreach (var type in types)
        {
            current = current is { } body ? Child(body, type) : null;
        }

        return current;
    }

    /// <summary>Reads a movie or media header (mvhd, mdhd) body: its timescale and duration, or null when it is too short.</summary>
    public static (uint Timescale, ulong Duration)? ReadTimescaleAndDuration(ReadOnlySpan<byte> fullBox)
    {
        if (fullBox.Length < 20)
        {
            return null;
        }

        // Version 1 has 64-bit creation and modification times and duration; version 0 has 32-bit ones.
        return fullBox[0] == 1
            ? fullBox.Length >= 32 ? (BinaryPrimitives.ReadUInt32BigEndian(fullBox.Slice(20, 4)), BinaryPrimitives.ReadUInt64BigEndian(fullBox.Slice(24, 8))) : null
            : (BinaryPrimitives.ReadUInt32BigEndian(fullBox.Slice(12, 4)), BinaryPrimitives.ReadUInt32BigEndian(fullBox.Slice(16, 4)));
    }
}
