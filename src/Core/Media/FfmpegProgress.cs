namespace MusicVideo.Core.Media;

/// <summary>One progress report parsed from ffmpeg's <c>-progress</c> output.</summary>
/// <param name="OutTime">How much output media has been written so far.</param>
/// <param name="Fraction">OutTime divided by the expected duration (0..1), when the duration is known.</param>
/// <param name="Speed">The encoding speed as a multiple of real time, when ffmpeg reports it.</param>
public sealed record FfmpegProgress(TimeSpan OutTime, double? Fraction, double? Speed);
