namespace MusicVideo.Core.Media;

/// <summary>The first audio stream of a media file as reported by ffprobe.</summary>
/// <param name="Codec">The codec name, e.g. <c>aac</c>.</param>
/// <param name="Channels">The channel count.</param>
/// <param name="SampleRate">Samples per second.</param>
/// <param name="DurationSeconds">The stream duration, or null when the container does not say.</param>
/// <param name="ChannelLayout">The channel layout, e.g. <c>stereo</c>, or null when unknown.</param>
/// <param name="Profile">The codec profile, e.g. <c>LC</c>, or null when unknown.</param>
/// <param name="TimeBase">The stream time base, e.g. <c>1/48000</c>, or null when unknown.</param>
/// <param name="DurationTicks">The stream duration in time-base ticks after the container's edit list (samples when the time base is one sample).</param>
/// <param name="PacketCount">The number of coded frames (packets) the container holds, priming included.</param>
/// <param name="ExtradataHash">A hash of the codec extradata (for AAC the AudioSpecificConfig); streams can be joined packet by packet only when it is equal.</param>
/// <param name="StreamIndex">The container's index of this stream.</param>
public sealed record AudioStreamInfo(
    string Codec,
    int Channels,
    int SampleRate,
    double? DurationSeconds,
    string? ChannelLayout = null,
    string? Profile = null,
    string? TimeBase = null,
    long? DurationTicks = null,
    long? PacketCount = null,
    string? ExtradataHash = null,
    int? StreamIndex = null);
