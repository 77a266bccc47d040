namespace MusicVideo.Core.Media;

/// <summary>Recognises the media formats the service accepts from their magic bytes, never from file names.</summary>
public static class MediaSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff(ReadOnlySpan{byte})"/> needs at most.</summary>
    public const int HeaderLength = 16;

    // Written as bytes: a "\x89" string literal would be UTF-8 encoded as two bytes.
    static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Identifies a format from the first bytes of a file; null when it is none of the accepted ones.</summary>
    public static SniffedFormat? Sniff(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith(PngSignature))
        {
            return new SniffedFormat("png", "png", "image/png", MediaCategory.Image);
        }

        if (header.Length >= 3 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF)
        {
            return new SniffedFormat("jpeg", "jpg", "image/jpeg", MediaCategory.Image);
        }

        if (header.Length >= 12 && header.StartsWith("RIFF"u8))
        {
            if (header[8..12].SequenceEqual("WEBP"u8))
            {
                return new SniffedFormat("webp", "webp", "image/webp", MediaCategory.Image);
            }

            if (header[8..12].SequenceEqual("WAVE"u8))
            {
                return new SniffedFormat("wav", "wav", "audio/wav", MediaCategory.Audio);
            }

            return null;
        }

        if (header.Length >= 12 && header[4..8].SequenceEqual("ftyp"u8))
        {
            // M4A/M4B brands are audio-only MP4; every other brand is treated as video.
            var brand = header[8..12];
            return brand.SequenceEqual("M4A "u8) || brand.SequenceEqual("M4B "u8)
                ? new SniffedFormat("m4a", "m4a", "audio/mp4", MediaCategory.Audio)
                : new SniffedFormat("mp4", "mp4", "video/mp4", MediaCategory.Video);
        }

        if (header.StartsWith("OggS"u8))
        {
            return new SniffedFormat("ogg", "ogg", "audio/ogg", MediaCategory.Audio);
        }

        if (header.StartsWith("fLaC"u8))
        {
            return new SniffedFormat("flac", "flac", "audio/flac", MediaCategory.Audio);
        }

        if (header.StartsWith("ID3"u8))
        {
            // ID3 tags front MP3 (and rarely raw AAC); ffprobe settles the codec.
            return new SniffedFormat("mp3", "mp3", "audio/mpeg", MediaCategory.Audio);
        }

        if (header.Length >= 2 && header[0] == 0xFF)
        {
            // ADTS AAC: 12-bit sync, layer bits 00.
            if ((header[1] & 0xF6) == 0xF0)
            {
                return new SniffedFormat("aac", "aac", "audio/aac", MediaCategory.Audio);
            }

            // MPEG audio frame sync (11 bits) with a valid layer.
            if ((header[1] & 0xE0) == 0xE0 && (header[1] & 0x06) != 0)
            {
                return new SniffedFormat("mp3", "mp3", "audio/mpeg", MediaCategory.Audio);
            }
        }

        return null;
    }

    /// <summary>Reads the first bytes of a file and sniffs them.</summary>
    public static async Task<SniffedFormat?> SniffFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[HeaderLength];
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return Sniff(buffer.AsSpan(0, read));
    }
}
