using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Numerics;

namespace MusicVideo.Core.Media;

/// <summary>
/// Reads what <see cref="MediaProbe"/> reports about an MP4 with one H.264 video track and at most one AAC-LC track from
/// its movie box, in-process, so storing a clip does not start ffprobe.
/// </summary>
/// <remarks>
/// It answers only for files whose every reported field it can derive exactly as ffprobe 5.1 does: progressive 8-bit 4:2:0
/// H.264 with one parameter set, constant frame rate, at most one plain edit per track, AAC-LC mono or stereo. For anything
/// else (fragmented files, other codecs or tracks, variable frame rate, interlacing, HE-AAC, colour the container and the
/// stream disagree on) it returns null, and the caller asks ffprobe. Tests compare it with ffprobe field by field.
/// </remarks>
public static class Mp4Probe
{
    const string FormatName = "mov,mp4,m4a,3gp,3g2,mj2";

    // Code 2 is "unspecified" (reported as untagged); codes not listed here are left to ffprobe.
    static readonly Dictionary<int, string?> PrimariesNames = new() { [1] = "bt709", [2] = null, [5] = "bt470bg", [6] = "smpte170m", [9] = "bt2020" };
    static readonly Dictionary<int, string?> TransferNames = new()
    {
        [1] = "bt709", [2] = null, [6] = "smpte170m", [13] = "iec61966-2-1", [14] = "bt2020-10", [16] = "smpte2084", [18] = "arib-std-b67",
    };
    static readonly Dictionary<int, string?> MatrixNames = new() { [1] = "bt709", [2] = null, [5] = "bt470bg", [6] = "smpte170m", [9] = "bt2020nc" };

    /// <summary>Reads the file's facts, or returns null when the file is not one this reader answers for exactly.</summary>
    public static MediaInfo? TryRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.RandomAccess);
            return Mp4Boxes.ReadTopLevel(stream, "moov") is { } moov ? Read(moov, stream.Length) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    static MediaInfo? Read(ReadOnlyMemory<byte> moov, long sizeBytes)
    {
        if (Mp4Boxes.Child(moov, "mvex") is not null
            || Mp4Boxes.Child(moov, "mvhd") is not { } mvhd
            || Mp4Boxes.ReadTimescaleAndDuration(mvhd.Span) is not { Timescale: > 0 } movie)
        {
            return null;
        }

        VideoStreamInfo? video = null;
        AudioStreamInfo? audio = null;
        int index = 0;
        foreach (var (type, trak) in Mp4Boxes.Children(moov))
        {
            if (type != "trak")
            {
                continue;
            }

            if (Track.Read(trak, movie.Timescale) is not { } track)
            {
                return null;
            }

            switch (track.Handler)
            {
                case "vide" when video is null && VideoStream(track) is { } v:
                    video = v;
                    break;
                case "soun" when audio is null && AudioStream(track, index) is { } a:
                    audio = a;
                    break;
                default:
                    return null;
            }

            index++;
        }

        if (video is null)
        {
            return null;
        }

        // ffmpeg takes the container duration from mvhd, rounded to microseconds, and prints it with six decimals.
        double duration = Microseconds(RescaleRounded(movie.Duration, 1_000_000, movie.Timescale) / 1e6);
        return new MediaInfo(duration, FormatName, video, audio, sizeBytes);
    }

    static VideoStreamInfo? VideoStream(Track track)
    {
        // VisualSampleEntry: 8 bytes of SampleEntry, 70 of visual fields, then child boxes (avcC, colr, pasp, btrt).
        if (track.SampleEntryType is not ("avc1" or "avc3") || track.SampleEntry.Length < 78
            || track.FrameDurations is not [{ } frame] || frame.Delta == 0
            || Mp4Boxes.Child(track.SampleEntry[78..], "avcC") is not { } avcC
            || AvcSps(avcC.Span) is not { } sps)
        {
            return null;
        }

        if (sps is not { ChromaFormatIdc: 1, BitDepthLuma: 8, BitDepthChroma: 8, FrameMbsOnly: true, PicStructPresent: false }
            || Profile(sps) is not { } profile
            || (sps.LevelIdc == 11 && (sps.ConstraintFlags & 0x10) != 0))
        {
            return null;
        }

        var children = track.SampleEntry[78..];
        if (SampleAspectRatio(children, sps) is not { } sar || Colour(children, sps) is not { } colour)
        {
            return null;
        }

        var rate = Reduce(track.Timescale, frame.Delta);
        var averageRate = Reduce(track.Timescale * frame.Count, frame.Delta * frame.Count);
        return new VideoStreamInfo(
            "h264",
            sps.Width,
            sps.Height,
            (double)rate.Num / rate.Den,
            Rational(rate),
            colour.FullRange ? "yuvj420p" : "yuv420p",
            sar,
            Invariant($"1/{track.Timescale}"),
            Microseconds(track.DurationTicks * (1.0 / track.Timescale)),
            profile,
            sps.LevelIdc,
            track.SampleEntryType,
            Rational(averageRate),
            colour.Matrix,
            colour.Transfer,
            colour.Primaries,
            colour.Range,
            "progressive",
            Crc32Text(avcC.Span));
    }

    static AudioStreamInfo? AudioStream(Track track, int index)
    {
        // AudioSampleEntry version 0: 8 bytes of SampleEntry and 20 of audio fields (rate 16.16 at 24). Its channel count is not
        // compared: ffmpeg writes 2 for mono, and ffprobe reports the config's count.
        var entry = track.SampleEntry.Span;
        if (track.SampleEntryType != "mp4a" || entry.Length < 28 || BinaryPrimitives.ReadUInt16BigEndian(entry[8..]) != 0
            || Mp4Boxes.Child(track.SampleEntry[28..], "esds") is not { } esds
            || DecoderSpecificInfo(esds.Span) is not { } config
            || AacAudioSpecificConfig.Parse(config) is not { } aac
            || BinaryPrimitives.ReadUInt16BigEndian(entry[24..]) != aac.SampleRate)
        {
            return null;
        }

        return new AudioStreamInfo(
            "aac",
            aac.Channels,
            aac.SampleRate,
            Microseconds(track.DurationTicks * (1.0 / track.Timescale)),
            aac.Channels == 1 ? "mono" : "stereo",
            "LC",
            Invariant($"1/{track.Timescale}"),
            track.DurationTicks,
            track.SampleCount,
            Crc32Text(config),
            index);
    }

    // avcC: version, profile, compatibility, level, NAL length size, then the SPS count and each SPS with a 16-bit length.
    static H264SequenceParameterSet? AvcSps(ReadOnlySpan<byte> avcC)
    {
        if (avcC.Length < 8 || avcC[0] != 1 || (avcC[5] & 0x1f) != 1)
        {
            return null;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(avcC[6..]);
        return avcC.Length >= 8 + length ? H264SequenceParameterSet.Parse(avcC.Slice(8, length)) : null;
    }

    static string? Profile(H264SequenceParameterSet sps) => sps.ProfileIdc switch
    {
        66 => (sps.ConstraintFlags & 0x40) != 0 ? "Constrained Baseline" : "Baseline",
        77 => "Main",
        88 => "Extended",
        100 => "High",
        _ => null,
    };

    // ffprobe shows the container's pixel aspect (pasp) when it has one, else the stream's; a file with neither is left to it.
    static string? SampleAspectRatio(ReadOnlyMemory<byte> children, H264SequenceParameterSet sps)
    {
        (long Num, long Den)? sar = null;
        if (Mp4Boxes.Child(children, "pasp") is { Length: >= 8 } pasp)
        {
            sar = (BinaryPrimitives.ReadUInt32BigEndian(pasp.Span), BinaryPrimitives.ReadUInt32BigEndian(pasp.Span[4..]));
        }

        if (sar is not { Num: > 0, Den: > 0 } && sps.SampleAspectRatio is { Num: > 0, Den: > 0 } coded)
        {
            sar = coded;
        }

        return sar is { Num: > 0, Den: > 0 } known ? Rational(Reduce(known.Num, known.Den), ':') : null;
    }

    sealed record ColourTags(string? Primaries, string? Transfer, string? Matrix, string? Range, bool FullRange);

    // The decoder's colour comes from the SPS; the container's colr box must not say otherwise, or which one ffprobe shows is unclear.
    static ColourTags? Colour(ReadOnlyMemory<byte> children, H264SequenceParameterSet sps)
    {
        if (Mp4Boxes.Child(children, "colr") is { } colr)
        {
            var box = colr.Span;
            if (box.Length < 11 || !box[..4].SequenceEqual("nclx"u8) || sps.Colour is not { } coded || sps.FullRange is not { } full
                || BinaryPrimitives.ReadUInt16BigEndian(box[4..]) != coded.Primaries
                || BinaryPrimitives.ReadUInt16BigEndian(box[6..]) != coded.Transfer
                || BinaryPrimitives.ReadUInt16BigEndian(box[8..]) != coded.Matrix
                || (box[10] >> 7 == 1) != full)
            {
                return null;
            }
        }

        var (primaries, transfer, matrix) = sps.Colour ?? (2, 2, 2);
        if (!Known(PrimariesNames, primaries, out var p) || !Known(TransferNames, transfer, out var t) || !Known(MatrixNames, matrix, out var m))
        {
            return null;
        }

        return new ColourTags(p, t, m, sps.FullRange switch { true => "pc", false => "tv", null => null }, sps.FullRange == true);
    }

    static bool Known(Dictionary<int, string?> names, int code, out string? name) => names.TryGetValue(code, out name);

    // esds: a full box holding an ES_Descriptor (tag 3) → DecoderConfigDescriptor (tag 4, AAC = 0x40) → DecoderSpecificInfo (tag 5).
    static byte[]? DecoderSpecificInfo(ReadOnlySpan<byte> esds)
    {
        var rest = esds.Length > 4 ? esds[4..] : default;
        if (!Descriptor(ref rest, 3, out var es) || es.Length < 3)
        {
            return null;
        }

        // ES_ID, then flags: a dependsOn_ES_ID, a URL (length-prefixed) and an OCR_ES_Id may follow, in that order.
        int flags = es[2];
        int skip = 3 + ((flags & 0x80) != 0 ? 2 : 0);
        if ((flags & 0x40) != 0)
        {
            skip += es.Length > skip ? 1 + es[skip] : es.Length;
        }

        skip += (flags & 0x20) != 0 ? 2 : 0;
        if (es.Length < skip)
        {
            return null;
        }

        es = es[skip..];
        if (!Descriptor(ref es, 4, out var decoderConfig) || decoderConfig.Length < 13 || decoderConfig[0] != 0x40)
        {
            return null;
        }

        var specific = decoderConfig[13..];
        return Descriptor(ref specific, 5, out var info) ? info.ToArray() : null;
    }

    static bool Descriptor(ref ReadOnlySpan<byte> data, int tag, out ReadOnlySpan<byte> body)
    {
        body = default;
        if (data.Length < 2 || data[0] != tag)
        {
            return false;
        }

        int length = 0, i = 1;
        for (; i < 5 && i < data.Length; i++)
        {
            length = (length << 7) | (data[i] & 0x7f);
            if ((data[i] & 0x80) == 0)
            {
                break;
            }
        }

        if (i >= data.Length || data.Length < i + 1 + length)
        {
            return false;
        }

        body = data.Slice(i + 1, length);
        data = data[(i + 1 + length)..];
        return true;
    }

    static string Crc32Text(ReadOnlySpan<byte> data) => Invariant($"CRC32:{Crc32.HashToUInt32(data):x8}");

    static (long Num, long Den) Reduce(long num, long den)
    {
        var gcd = (long)BigInteger.GreatestCommonDivisor(num, den);
        return gcd > 1 ? (num / gcd, den / gcd) : (num, den);
    }

    static string Rational((long Num, long Den) value, char separator = '/') => Invariant($"{value.Num}{separator}{value.Den}");

    // av_rescale: a * b / c rounded to the nearest, halves away from zero.
    static long RescaleRounded(ulong a, long b, long c) => (long)(((BigInteger)a * b + (c / 2)) / c);

    // ffprobe prints durations with six decimals; parsing its text gives this double.
    static double Microseconds(double seconds) => double.Parse(seconds.ToString("F6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The facts of one trak box this reader needs.</summary>
    sealed record Track(
        string Handler, long Timescale, long DurationTicks, string SampleEntryType, ReadOnlyMemory<byte> SampleEntry,
        IReadOnlyList<(long Count, long Delta)> FrameDurations, long SampleCount)
    {
        public static Track? Read(ReadOnlyMemory<byte> trak, uint movieTimescale)
        {
            if (Mp4Boxes.Path(trak, "mdia", "mdhd") is not { } mdhd
                || Mp4Boxes.ReadTimescaleAndDuration(mdhd.Span) is not { Timescale: > 0 } media
                || Mp4Boxes.Path(trak, "mdia", "hdlr") is not { Length: >= 12 } hdlr
                || Mp4Boxes.Path(trak, "mdia", "minf", "stbl") is not { } stbl
                || FirstSampleEntry(stbl) is not { } entry
                || Mp4Boxes.Child(stbl, "stts") is not { } stts
                || Mp4Boxes.Child(stbl, "stsz") is not { Length: >= 12 } stsz
                || EditedDuration(trak, media.Timescale, (long)media.Duration, movieTimescale, Mp4Boxes.Child(stbl, "ctts") is not null) is not { } ticks)
            {
                return null;
            }

            long samples = BinaryPrimitives.ReadUInt32BigEndian(stsz.Span[8..]);
            var durations = TimeToSample(stts.Span);
            if (samples == 0 || durations is null || durations.Sum(d => d.Count) != samples)
            {
                return null;
            }

            string handler = System.Text.Encoding.ASCII.GetString(hdlr.Span.Slice(8, 4));
            return new Track(handler, media.Timescale, ticks, entry.Type, entry.Body, durations, samples);
        }

        static (string Type, ReadOnlyMemory<byte> Body)? FirstSampleEntry(ReadOnlyMemory<byte> stbl)
        {
            if (Mp4Boxes.Child(stbl, "stsd") is not { Length: >= 8 } stsd || BinaryPrimitives.ReadUInt32BigEndian(stsd.Span[4..]) != 1)
            {
                return null;
            }

            foreach (var child in Mp4Boxes.Children(stsd[8..]))
            {
                return child;
            }

            return null;
        }

        static List<(long Count, long Delta)>? TimeToSample(ReadOnlySpan<byte> stts)
        {
            if (stts.Length < 8)
            {
                return null;
            }

            long entries = BinaryPrimitives.ReadUInt32BigEndian(stts[4..]);
            if (stts.Length < 8 + (entries * 8))
            {
                return null;
            }

            var list = new List<(long, long)>((int)entries);
            for (int i = 0; i < entries; i++)
            {
                list.Add((BinaryPrimitives.ReadUInt32BigEndian(stts[(8 + (i * 8))..]), BinaryPrimitives.ReadUInt32BigEndian(stts[(12 + (i * 8))..])));
            }

            return list;
        }

        // The stream duration ffmpeg reports: the media duration, or with one plain edit its length in media ticks. The edit
        // must lie within the samples: from its media time for plain timing; with composition offsets (B-frames) the media
        // time is the offset of the first frame shown, so the samples reach that much further.
        static long? EditedDuration(ReadOnlyMemory<byte> trak, long mediaTimescale, long mediaDuration, uint movieTimescale, bool compositionOffsets)
        {
            if (Mp4Boxes.Path(trak, "edts", "elst") is not { } elst)
            {
                return mediaDuration;
            }

            var box = elst.Span;
            if (box.Length < 8 || BinaryPrimitives.ReadUInt32BigEndian(box[4..]) != 1)
            {
                return null;
            }

            bool wide = box[0] == 1;
            if (box.Length < (wide ? 28 : 20))
            {
                return null;
            }

            long segment = wide ? (long)BinaryPrimitives.ReadUInt64BigEndian(box[8..]) : BinaryPrimitives.ReadUInt32BigEndian(box[8..]);
            long mediaTime = wide ? BinaryPrimitives.ReadInt64BigEndian(box[16..]) : BinaryPrimitives.ReadInt32BigEndian(box[12..]);
            int rate = BinaryPrimitives.ReadInt32BigEndian(box[(wide ? 24 : 16)..]);
            if (mediaTime < 0 || rate != 0x10000)
            {
                return null;
            }

            long edited = RescaleRounded((ulong)segment, mediaTimescale, movieTimescale);
            return edited > 0 && edited <= mediaDuration - (compositionOffsets ? 0 : mediaTime) ? edited : null;
        }
    }
}
