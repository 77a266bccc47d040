using System.Globalization;
using System.Text.Json;

namespace MusicVideo.Core.Media;

/// <summary>Reads container and stream facts from media files as <c>ffprobe -print_format json -show_streams -show_format</c> reports them.</summary>
public sealed class MediaProbe
{
    readonly FfmpegRunner _runner;

    /// <summary>Creates a probe that runs ffprobe through the given runner.</summary>
    public MediaProbe(FfmpegRunner runner)
    {
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
    }

    /// <summary>Probes a file, in-process when <see cref="Mp4Probe"/> can read it exactly and with ffprobe otherwise.</summary>
    /// <remarks>Fails with <see cref="FfmpegException"/> when ffprobe cannot read the file.</remarks>
    public async Task<MediaInfo> ProbeAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Media file '{path}' does not exist.", path);
        }

        // Starting ffprobe costs about 0.15 CPU-s (mostly the dynamic loader); reading the movie box costs microseconds.
        return Mp4Probe.TryRead(path) ?? await ProbeWithFfprobeAsync(path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Probes a file with ffprobe; fails with <see cref="FfmpegException"/> when ffprobe cannot read it.</summary>
    public async Task<MediaInfo> ProbeWithFfprobeAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Media file '{path}' does not exist.", path);
        }

        var result = await _runner.RunFfprobeAsync(
            ["-print_format", "json", "-show_streams", "-show_format", "-show_data_hash", "CRC32", "--", path], cancellationToken).ConfigureAwait(false);
        return Parse(result.StandardOutput, new FileInfo(path).Length);
    }

    /// <summary>Parses ffprobe's JSON output (exposed for tests and for callers that already ran ffprobe).</summary>
    public static MediaInfo Parse(string ffprobeJson, long sizeBytes)
    {
        using var doc = JsonDocument.Parse(ffprobeJson);
        var root = doc.RootElement;
        VideoStreamInfo? video = null;
        AudioStreamInfo? audio = null;
        if (root.TryGetProperty("streams", out var streams))
        {
            foreach (var stream in streams.EnumerateArray())
            {
                var type = GetString(stream, "codec_type");
                if (type == "video" && video is null && !IsAttachedPicture(stream))
                {
                    var rate = GetString(stream, "r_frame_rate");
                    var fps = ParseRational(rate);
                    if (fps is null or <= 0 or > 1000)
                    {
                        rate = GetString(stream, "avg_frame_rate");
                        fps = ParseRational(rate);
                    }

                    var sar = GetString(stream, "sample_aspect_ratio");
                    video = new VideoStreamInfo(
                        GetString(stream, "codec_name") ?? "unknown",
                        GetInt(stream, "width") ?? 0,
                        GetInt(stream, "height") ?? 0,
                        fps ?? 0,
                        rate ?? "0/0",
                        GetString(stream, "pix_fmt") ?? "unknown",
                        sar,
                        GetString(stream, "time_base") ?? "0/0",
                        GetDouble(stream, "duration"),
                        GetString(stream, "profile"),
                        GetInt(stream, "level") is { } level and > 0 ? level : null,
                        GetString(stream, "codec_tag_string"),
                        GetString(stream, "avg_frame_rate"),
                        Tag(stream, "color_space"),
                        Tag(stream, "color_transfer"),
                        Tag(stream, "color_primaries"),
                        Tag(stream, "color_range"),
                        GetString(stream, "field_order"),
                        GetString(stream, "extradata_hash"));
                }
                else if (type == "audio" && audio is null)
                {
                    audio = new AudioStreamInfo(
                        GetString(stream, "codec_name") ?? "unknown",
                        GetInt(stream, "channels") ?? 0,
                        GetInt(stream, "sample_rate") ?? 0,
                        GetDouble(stream, "duration"),
                        GetString(stream, "channel_layout"),
                        GetString(stream, "profile"),
                        GetString(stream, "time_base"),
                        GetLong(stream, "duration_ts"),
                        GetLong(stream, "nb_frames"),
                        GetString(stream, "extradata_hash"),
                        GetInt(stream, "index"));
                }
            }
        }

        double duration = 0;
        var formatName = string.Empty;
        if (root.TryGetProperty("format", out var format))
        {
            duration = GetDouble(format, "duration") ?? 0;
            formatName = GetString(format, "format_name") ?? string.Empty;
        }

        if (duration <= 0)
        {
            duration = Math.Max(video?.DurationSeconds ?? 0, audio?.DurationSeconds ?? 0);
        }

        return new MediaInfo(duration, formatName, video, audio, sizeBytes);
    }

    /// <summary>Parses ffprobe's rational text (<c>30000/1001</c>) into a double; null when absent or 0/0.</summary>
    internal static double? ParseRational(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) ? plain : null;
        }

        if (double.TryParse(text.AsSpan(0, slash), NumberStyles.Float, CultureInfo.InvariantCulture, out var num)
            && double.TryParse(text.AsSpan(slash + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var den)
            && den != 0)
        {
            return num / den;
        }

        return null;
    }

    // Cover art in MP3/M4A shows up as a one-frame "video" stream; it is not video.
    static bool IsAttachedPicture(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var d)
        && d.TryGetProperty("attached_pic", out var a)
        && a.ValueKind == JsonValueKind.Number
        && a.GetInt32() == 1;

    // ffprobe prints "unknown" for untagged colour; null says the same more plainly.
    static string? Tag(JsonElement e, string name) =>
        GetString(e, name) is { Length: > 0 } value && value is not "unknown" and not "unspecified" ? value : null;

    static string? GetString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    static int? GetInt(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number => v.GetInt32(),
            JsonValueKind.String when int.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
            _ => null,
        };
    }

    static long? GetLong(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number when v.TryGetInt64(out var l) => l,
            JsonValueKind.String when long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
            _ => null,
        };
    }

    static double? GetDouble(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number => v.GetDouble(),
            JsonValueKind.String when double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }
}
