namespace MusicVideo.Core.Media;

/// <summary>The first audio stream of a media file as reported by ffprobe.</summary>
/// <param name="Codec">The codec name, e.g. <c>aac</c>.</param>
/// <param name="Channels">The channel count.</param>
/// <param name="SampleRate">Samples per second.</param>
/// <param name="DurationSeconds">The stream duration, or null when the container does not say.</param>
/// <param name="ChannelLayout">The channel layout, e.g. <c>stereo</c>, or null when unknown.</param>
public sealed record AudioStreamInfo(string Codec, int Channels, int SampleRate, double? DurationSeconds, string? ChannelLayout = null);
