namespace MusicVideo.Core.Media;

/// <summary>Validates uploaded songs (mp3, wav, m4a, aac, ogg, flac) by magic bytes and ffprobe, never by the file name.</summary>
public sealed class SongInspector
{
    /// <summary>The longest song accepted (10 minutes): a song sets the video's length, and every second is rendered.</summary>
    public const double MaxDurationSeconds = 600;

    readonly FfmpegRunner _runner;

    /// <summary>The accepted song formats, for error messages and API docs.</summary>
    public static IReadOnlyList<string> AcceptedFormats { get; } = ["mp3", "wav", "m4a", "aac", "ogg", "flac"];

    readonly MediaProbe _probe;

    /// <summary>Creates an inspector that probes with the given runner.</summary>
    public SongInspector(FfmpegRunner runner)
    {
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _probe = new MediaProbe(runner);
    }

    /// <summary>Returns the song's format and audio facts, or throws <see cref="InvalidDataException"/> saying what is accepted.</summary>
    public async Task<SongInfo> InspectAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var format = await MediaSniffer.SniffFileAsync(path, cancellationToken).ConfigureAwait(false);
        if (format is null || format.Category != MediaCategory.Audio)
        {
            throw new InvalidDataException(
                $"The file is not a supported song. Accepted formats: {string.Join(", ", AcceptedFormats)}.");
        }

        MediaInfo info;
        try
        {
            info = await _probe.ProbeAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FfmpegException ex) when (ex.ExitCode is not null)
        {
            throw new InvalidDataException($"The song could not be decoded as {format.Name}: {Describe(ex.StderrTail, path)}", ex);
        }

        if (info.Audio is null || info.DurationSeconds <= 0)
        {
            throw new InvalidDataException("The song has no audio stream or a zero duration.");
        }

        if (info.Video is not null)
        {
            throw new InvalidDataException("The file carries video; upload an audio-only song.");
        }

        // The header's duration is an estimate (an MP3 padded with zeros claims hours): decode the audio and count what plays.
        double decoded = await DecodedDurationAsync(path, format.Name, cancellationToken).ConfigureAwait(false);
        if (decoded <= 0)
        {
            throw new InvalidDataException($"The song has no decodable audio; upload a valid {string.Join(", ", AcceptedFormats)} file.");
        }

        if (decoded > MaxDurationSeconds)
        {
            throw new InvalidDataException($"The song plays {decoded:0} s; the limit is {MaxDurationSeconds:0} s ({MaxDurationSeconds / 60:0} minutes). Trim it and upload again.");
        }

        info = info with { DurationSeconds = decoded };

        // ID3 in front of raw ADTS AAC sniffs as mp3; ffprobe knows better.
        if (format.Name == "mp3" && info.FormatName == "aac")
        {
            format = new SniffedFormat("aac", "aac", "audio/aac", MediaCategory.Audio);
        }

        return new SongInfo(format, info.DurationSeconds, info.Audio);
    }

    /// <summary>Decodes the first audio stream to nothing and returns how many seconds were decoded.</summary>
    async Task<double> DecodedDurationAsync(string path, string formatName, CancellationToken cancellationToken)
    {
        var last = new LastProgress();
        try
        {
            // Decoding stops after the cap (plus a little, to tell "too long" from "exactly at the cap"): a huge file cannot keep ffmpeg busy.
            await _runner.RunFfmpegAsync(
                ["-i", path, "-map", "0:a:0", "-t", (MaxDurationSeconds + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", "null", "-"],
                progress: last, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (FfmpegException ex) when (ex.ExitCode is not null)
        {
            throw new InvalidDataException($"The song could not be decoded as {formatName}: {Describe(ex.StderrTail, path)}", ex);
        }

        return last.OutTime.TotalSeconds;
    }

    /// <summary>ffmpeg's complaint without the server path of the upload or decoder addresses such as [mp3 @ 0x55d1…].</summary>
    internal static string Describe(string? stderr, string path)
    {
        string text = (stderr ?? string.Empty).Replace(path, "the file", StringComparison.Ordinal);
        text = PathText.RemovePointers(text);
        text = PathText.KeepFileNames(text).Trim();
        return text.Length == 0 ? "the data is not valid audio." : text.Length > 300 ? text[..300] + "…" : text;
    }

    /// <summary>Keeps the latest progress report, synchronously (Progress&lt;T&gt; would post it later).</summary>
    sealed class LastProgress : IProgress<FfmpegProgress>
    {
        public TimeSpan OutTime { get; private set; }

        public void Report(FfmpegProgress value) => OutTime = value.OutTime;
    }
}
