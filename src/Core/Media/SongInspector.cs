namespace MusicVideo.Core.Media;

/// <summary>Validates uploaded songs (mp3, wav, m4a, aac, ogg, flac) by magic bytes and ffprobe, never by the file name.</summary>
public sealed class SongInspector
{
    /// <summary>The accepted song formats, for error messages and API docs.</summary>
    public static IReadOnlyList<string> AcceptedFormats { get; } = ["mp3", "wav", "m4a", "aac", "ogg", "flac"];

    private readonly MediaProbe _probe;

    /// <summary>Creates an inspector that probes with the given runner.</summary>
    public SongInspector(FfmpegRunner runner)
    {
        _probe = new MediaProbe(runner ?? throw new ArgumentNullException(nameof(runner)));
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
            throw new InvalidDataException($"The song could not be decoded as {format.Name}: {ex.StderrTail}", ex);
        }

        if (info.Audio is null || info.DurationSeconds <= 0)
        {
            throw new InvalidDataException("The song has no audio stream or a zero duration.");
        }

        if (info.Video is not null)
        {
            throw new InvalidDataException("The file carries video; upload an audio-only song.");
        }

        // ID3 in front of raw ADTS AAC sniffs as mp3; ffprobe knows better.
        if (format.Name == "mp3" && info.FormatName == "aac")
        {
            format = new SniffedFormat("aac", "aac", "audio/aac", MediaCategory.Audio);
        }

        return new SongInfo(format, info.DurationSeconds, info.Audio);
    }
}
