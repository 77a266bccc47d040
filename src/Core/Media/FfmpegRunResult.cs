namespace MusicVideo.Core.Media;

/// <summary>The outcome of a successful ffmpeg or ffprobe run.</summary>
/// <param name="Elapsed">Wall time of the process.</param>
/// <param name="StandardOutput">Everything written to stdout (progress lines are consumed and excluded for ffmpeg).</param>
/// <param name="StderrTail">The last lines written to stderr (warnings).</param>
public sealed record FfmpegRunResult(TimeSpan Elapsed, string StandardOutput, string StderrTail);
