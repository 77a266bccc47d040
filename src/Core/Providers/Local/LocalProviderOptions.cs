using MusicVideo.Core.Media;

namespace MusicVideo.Core.Providers.Local;

/// <summary>Settings of the offline providers; bind from configuration (e.g. section <c>Providers:Local</c>).</summary>
public sealed record LocalProviderOptions
{
    /// <summary>The folder that holds local jobs (<c>{MV_DATA_DIR}/providers</c>): <c>local-clips/{jobId}/</c> and <c>local-images/{jobId}/</c>.</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>How many renders run at once; defaults to the processor count.</summary>
    public int MaxConcurrentRenders { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Test switch for partial-failure scenarios: a job whose prompt (clip prompt or character description) contains this text
    /// ends Failed with a non-retriable content-policy error instead of rendering. Null (default) disables it.
    /// </summary>
    public string? FailWhenPromptContains { get; init; }

    /// <summary>
    /// Test switch for retry scenarios: the first job whose prompt contains this text fails with a retriable server error;
    /// later jobs with the same prompt (new attempts with new idempotency keys) render normally. Null (default) disables it.
    /// </summary>
    public string? FailRetriablyWhenPromptContains { get; init; }

    /// <summary>Keeps each job Running at least this long (default zero) so crash tests can kill the host mid-generation.</summary>
    public TimeSpan MinimumJobDuration { get; init; } = TimeSpan.Zero;

    /// <summary>The TrueType font for drawn text (Debian: fonts-dejavu-core); when missing, fontconfig's default Sans is used.</summary>
    public string FontPath { get; init; } = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>The ffmpeg executables to use.</summary>
    public FfmpegOptions Ffmpeg { get; init; } = FfmpegOptions.Default;
}
