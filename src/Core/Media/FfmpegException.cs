namespace MusicVideo.Core.Media;

/// <summary>An ffmpeg or ffprobe run that could not start or exited with an error; the message carries the stderr tail.</summary>
public sealed class FfmpegException : Exception
{
    /// <summary>Creates the exception for a failed run.</summary>
    public FfmpegException(string message, int? exitCode = null, string? stderrTail = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
        StderrTail = stderrTail ?? string.Empty;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public FfmpegException(string message) : this(message, null, null, null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public FfmpegException(string message, Exception innerException) : this(message, null, null, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public FfmpegException() : this("ffmpeg failed.")
    {
    }

    /// <summary>The full argument list of the failed run (for logs; it contains server paths).</summary>
    public string? Arguments { get; init; }

    /// <summary>The process exit code, or null when the process never ran.</summary>
    public int? ExitCode { get; }

    /// <summary>The last lines the process wrote to stderr.</summary>
    public string StderrTail { get; }
}
